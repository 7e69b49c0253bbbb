"""Each party's organisation for disagreements: who holds step 1, 2 and 3 (the addendum
presentation, #HoSavtal2027)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.core.ids import id_param
from samsyn.disagreements import forms, services
from samsyn.disagreements.models import step_name
from samsyn.disagreements.selectors import organisation_of, parties_managed_by
from samsyn.parties.models import Membership


def organisation(request):
    parties = parties_managed_by(request.actor)
    if not parties.exists():
        raise PermissionDenied
    chosen = id_param(request.GET, "part") or parties.first().pk
    party = get_object_or_404(parties, pk=chosen)
    form = forms.AppointForm(posted(request), party=party)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_appoint(actor=request.actor, party=party, **form.cleaned_data)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, gettext("The person has been given the role."))
            return redirect(reverse("disagreements:organisation") + f"?part={party.pk}")
    return render(
        request,
        "disagreements/organisation.html",
        {
            "party": party,
            "parties": parties if parties.count() > 1 else None,
            "organisation": [
                (step, step_name(step), members)
                for step, members in organisation_of(party=party).items()
            ],
            "form": form,
        },
        status=form_status(form),
    )


@require_POST
def organisation_remove(request, membership_id):
    membership = get_object_or_404(
        Membership.objects.select_related("provider__party"), pk=membership_id
    )
    party = membership.provider.party
    if not parties_managed_by(request.actor).filter(pk=party.pk).exists():
        raise PermissionDenied
    try:
        services.organisation_remove(actor=request.actor, party=party, membership=membership)
    except (ValidationError, PermissionDenied) as refusal:
        # e.g. one's own role, or a person's last role (parties.services)
        reasons = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
        messages.error(request, " ".join(reasons))
    else:
        messages.success(request, gettext("The role is removed."))
    return redirect(reverse("disagreements:organisation") + f"?part={party.pk}")
