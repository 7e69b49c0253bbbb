"""Each party runs its own people: the administration pages (Swedish, in the app) through the
people services of parties/services.py, the one door, which check who may do what
(`people_managed_by`, `roles_grantable_by`) and write the trail."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.api.forms import TokenCreateForm
from samsyn.api.models import ApiToken
from samsyn.api.services import api_token_create, api_token_revoke
from samsyn.core.access import can, grant_for
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.core.ids import id_param
from samsyn.identity.services import person_invite
from samsyn.parties.forms import (
    InviteForm,
    MachineAccountForm,
    RoleForm,
    UnitChangeForm,
    UnitForm,
)
from samsyn.parties.models import CareProvider, CareUnit, Membership
from samsyn.parties.selectors import (
    MANAGE_PEOPLE,
    login_lockouts_managed_by,
    machine_account_of,
    people_managed_by,
)
from samsyn.parties.services import (
    KEEP_UNITS,
    machine_account_create,
    membership_grant,
    membership_revoke,
    password_link_send,
    person_deactivate,
    person_login_unlock,
    person_reactivate,
    unit_add,
    unit_change,
    unit_remove,
)

LIST_LIMIT = 200


def _require_administrator(request):
    if not (request.user.is_superuser or can(request.actor, MANAGE_PEOPLE)):
        raise PermissionDenied


def _person_or_404(request, person_id):
    _require_administrator(request)
    return get_object_or_404(people_managed_by(request.actor), pk=person_id)


def _refusal_text(refusal) -> str:
    return " ".join(refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)])


def people(request):
    """The people the administrator manages, with their roles; search by name."""
    _require_administrator(request)
    query = request.GET.get("q", "").strip()[:100]
    found = (
        people_managed_by(request.actor)
        .select_related("machine_account")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("provider", "unit"))
        )
    )
    if query:
        found = found.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(username__icontains=query)
            | Q(email__icontains=query)
        )
    found = found.order_by("-is_active", "last_name", "first_name", "username")
    return render(
        request,
        "parties/people.html",
        {"people": found[:LIST_LIMIT], "count": found.count(), "query": query, "limit": LIST_LIMIT},
    )


def invite(request):
    _require_administrator(request)
    form = InviteForm(posted(request), actor=request.actor)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_invite(actor=request.actor, **form.invite_kwargs())
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, _refusal_text(refusal))
        else:
            messages.success(
                request,
                _("{name} is invited.").format(name=person.get_full_name() or person.username),
            )
            return redirect("parties:person", person_id=person.pk)
    return render(request, "parties/invite.html", {"form": form}, status=form_status(form))


def machine_add(request):
    """A care provider's own system as an account of its own (issue 21); its tokens are made
    on its page."""
    _require_administrator(request)
    form = MachineAccountForm(posted(request), actor=request.actor)
    if request.method == "POST" and form.is_valid():
        try:
            machine = machine_account_create(actor=request.actor, **form.machine_kwargs())
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, _refusal_text(refusal))
        else:
            messages.success(request, _("The system account is added. Make its API token below."))
            return redirect("parties:person", person_id=machine.user_id)
    return render(request, "parties/machine_add.html", {"form": form}, status=form_status(form))


def _role_form(request, target, data=None):
    """The form that gives a role: a system account's offers only what such an account holds."""
    if machine_account_of(target) is None:
        return RoleForm(data, actor=request.actor)
    form = MachineAccountForm(data, actor=request.actor)
    del form.fields["name"]
    return form


def _person_page(request, target, *, form, token_form=None, new_secret=None, status=200):
    machine = machine_account_of(target)
    return render(
        request,
        "parties/person.html",
        {
            "person": target,
            "memberships": target.memberships.select_related("provider", "unit"),
            "identities": target.identities.select_related("provider"),
            "form": form,
            "is_self": target.pk == request.user.pk,
            "machine": machine,
            "token_form": token_form or (TokenCreateForm(prefix="token") if machine else None),
            "tokens": ApiToken.objects.filter(user=target) if machine else None,
            "new_secret": new_secret,
        },
        status=status,
    )


def person(request, person_id):
    """One person: their roles (give, take), how they sign in, deactivate or reactivate.
    A system account's page also makes and revokes its API tokens."""
    target = _person_or_404(request, person_id)
    form = _role_form(request, target, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership_grant(actor=request.actor, user=target, **form.role_kwargs())
        except ValidationError as error:
            service_errors_to_form(form, error)
        except PermissionDenied as refusal:
            form.add_error(None, _refusal_text(refusal))
        else:
            messages.success(request, _("The role is given."))
            return redirect("parties:person", person_id=target.pk)
    return _person_page(request, target, form=form, status=form_status(form))


@require_POST
def machine_token(request, person_id):
    """Make an API token for a system account: the secret is shown once, on this answer."""
    target = _person_or_404(request, person_id)
    if machine_account_of(target) is None:
        raise Http404
    token_form = TokenCreateForm(request.POST, prefix="token")
    new_secret = None
    if token_form.is_valid():
        try:
            made = api_token_create(actor=request.actor, user=target, **token_form.cleaned_data)
        except ValidationError as error:
            service_errors_to_form(token_form, error)
        else:
            new_secret = made.secret
            token_form = TokenCreateForm(prefix="token")
    return _person_page(
        request,
        target,
        form=_role_form(request, target),
        token_form=token_form,
        new_secret=new_secret,
        status=form_status(token_form),
    )


@require_POST
def machine_token_revoke(request, person_id, token_id):
    target = _person_or_404(request, person_id)
    token = get_object_or_404(ApiToken, pk=token_id, user=target)
    return _act(
        request,
        target,
        lambda: api_token_revoke(actor=request.actor, token=token),
        _("The token {name} is revoked.").format(name=token.name),
    )


def _act(request, target, action, done: str):
    try:
        action()
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(request, done)
    return redirect("parties:person", person_id=target.pk)


@require_POST
def role_remove(request, person_id, membership_id):
    target = _person_or_404(request, person_id)
    membership = get_object_or_404(target.memberships, pk=membership_id)
    return _act(
        request,
        target,
        lambda: membership_revoke(actor=request.actor, membership=membership),
        _("The role is taken away."),
    )


@require_POST
def deactivate(request, person_id):
    target = _person_or_404(request, person_id)
    return _act(
        request,
        target,
        lambda: person_deactivate(actor=request.actor, person=target),
        _("The person is deactivated and can no longer sign in. Their history stays."),
    )


@require_POST
def reactivate(request, person_id):
    target = _person_or_404(request, person_id)
    return _act(
        request,
        target,
        lambda: person_reactivate(actor=request.actor, person=target),
        _("The person is active again."),
    )


@require_POST
def link_send(request, person_id):
    target = _person_or_404(request, person_id)
    return _act(
        request,
        target,
        lambda: password_link_send(actor=request.actor, person=target),
        _("A link to choose a password is sent to the person's e-mail address."),
    )


def lockouts(request):
    """The people one manages who failed to sign in, the locked-out first, with "Unlock"."""
    _require_administrator(request)
    rows = login_lockouts_managed_by(request.actor)
    context = {
        "rows": rows,
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(settings.AXES_COOLOFF_TIME * 60),
    }
    return render(request, "parties/lockouts.html", context)


@require_POST
def unlock(request, person_id):
    target = _person_or_404(request, person_id)
    try:
        person_login_unlock(actor=request.actor, person=target)
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(
            request,
            _("{name} can sign in again.").format(name=target.get_full_name() or target.username),
        )
    return redirect("parties:lockouts")


# --- units (the party's administrator, the county administrator) ----------------------------


def _require_unit_keeper(request):
    if not (request.user.is_superuser or can(request.actor, KEEP_UNITS)):
        raise PermissionDenied


def _unit_providers(actor):
    """The care providers whose units the person keeps: their party's, or the county's."""
    if actor.user.is_superuser:
        return CareProvider.objects.all()
    grant = grant_for(actor, KEEP_UNITS)
    return CareProvider.objects.filter(
        Q(party__county_id__in=grant.county_ids)
        | Q(party_id__in=grant.party_ids)
        | Q(pk__in=grant.provider_ids)
    )


def _units_page(request, form, *, chosen, changing=None):
    """The page: the chosen provider's units, each with its own form (the one just sent,
    with its errors, as `changing`), and the form to add one."""
    providers = _unit_providers(request.actor).select_related("party").order_by("name")
    shown = providers.filter(pk=chosen).first() if chosen else None
    units = list(shown.units.all()) if shown else []
    for unit in units:
        unit.form = (
            changing
            if changing is not None and changing.unit_pk == unit.pk
            else UnitChangeForm.for_unit(unit)
        )
    return render(
        request,
        "parties/units.html",
        {"form": form, "providers": providers, "shown": shown, "units": units},
        status=form_status(form, changing),
    )


def units(request):
    """The units of the care providers the person keeps: add one, set its kind, mark it
    inactive, remove one nobody uses."""
    _require_unit_keeper(request)
    providers = _unit_providers(request.actor)
    chosen = id_param(request.GET, "vardgivare")
    form = UnitForm(posted(request), providers=providers, initial={"provider": chosen})
    if request.method == "POST" and form.is_valid():
        done = _unit_saved(
            request,
            form,
            lambda: unit_add(actor=request.actor, **form.cleaned_data),
            _("The unit {name} is added."),
        )
        if done is not None:
            return done
    return _units_page(request, form, chosen=chosen)


def _unit_saved(request, form, save, done: str):
    """Save through the service; back to the provider's units, or None with the refusal on
    the form (the page is shown again with it)."""
    try:
        unit = save()
    except ValidationError as error:
        service_errors_to_form(form, error)
    except PermissionDenied as refusal:
        form.add_error(None, _refusal_text(refusal))
    else:
        messages.success(request, done.format(name=unit.name))
        return redirect(f"{reverse('parties:units')}?vardgivare={unit.provider_id}")
    return None


@require_POST
def unit_edit(request, unit_id):
    _require_unit_keeper(request)
    unit = get_object_or_404(
        CareUnit.objects.filter(provider__in=_unit_providers(request.actor)), pk=unit_id
    )
    form = UnitChangeForm.for_unit(unit, request.POST)
    if form.is_valid():
        done = _unit_saved(
            request,
            form,
            lambda: unit_change(actor=request.actor, unit=unit, **form.cleaned_data),
            _("The unit {name} is saved."),
        )
        if done is not None:
            return done
    blank = UnitForm(providers=_unit_providers(request.actor))
    return _units_page(request, blank, chosen=unit.provider_id, changing=form)


@require_POST
def unit_delete(request, unit_id):
    _require_unit_keeper(request)
    unit = get_object_or_404(
        CareUnit.objects.filter(provider__in=_unit_providers(request.actor)), pk=unit_id
    )
    provider_id = unit.provider_id
    try:
        unit_remove(actor=request.actor, unit=unit)
    except (ValidationError, PermissionDenied) as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(request, _("The unit is removed."))
    return redirect(f"{reverse('parties:units')}?vardgivare={provider_id}")
