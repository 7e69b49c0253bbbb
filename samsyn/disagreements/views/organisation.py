"""Each party's organisation for disagreements: who holds step 1, 2 and 3 (seed 003)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samsyn.disagreements import forms, services
from samsyn.disagreements.selectors import organisation_of, parties_managed_by
from samsyn.disagreements.views.cases import apply_errors
from samsyn.parties.models import Membership


def organisation(request):
    parties = parties_managed_by(request.actor)
    if not parties.exists():
        raise PermissionDenied
    chosen = request.GET.get("part") or str(parties.first().pk)
    if not chosen.isdigit():
        raise Http404
    party = get_object_or_404(parties, pk=chosen)
    form = forms.AppointForm(request.POST or None, party=party)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_appoint(actor=request.actor, party=party, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Personen har fått rollen.")
            return redirect(reverse("disagreements:organisation") + f"?part={party.pk}")
    return render(
        request,
        "disagreements/organisation.html",
        {
            "party": party,
            "parties": parties if parties.count() > 1 else None,
            "organisation": organisation_of(party=party),
            "form": form,
        },
    )


@require_POST
def organisation_remove(request, membership_id):
    membership = get_object_or_404(
        Membership.objects.select_related("provider__party"), pk=membership_id
    )
    party = membership.provider.party
    if not parties_managed_by(request.actor).filter(pk=party.pk).exists():
        raise PermissionDenied
    services.organisation_remove(actor=request.actor, party=party, membership=membership)
    messages.success(request, "Rollen är borttagen.")
    return redirect(reverse("disagreements:organisation") + f"?part={party.pk}")
