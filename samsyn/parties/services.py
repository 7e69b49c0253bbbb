"""Writes for parties, providers and people.

People and their roles change only through the services below (person_*, membership_*,
password_link_send): the Django admin calls them today and the in-app administration pages
will. Each checks who may do it with the rules of parties/selectors.py
(`people_managed_by`, `roles_grantable_by`), which read core/access.py, and records the
change in the audit trail. `actor=None` is the system (loaders, demo data, commands).
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_changes, audit_record
from samsyn.core.access import MACHINE_ROLES, as_actor, can, grant_for
from samsyn.core.reference_files import reference_file
from samsyn.core.services import model_update, saved_unless_taken
from samsyn.outbox.services import outbox_email
from samsyn.parties.models import (
    CareProvider,
    CareUnit,
    CooperationArea,
    County,
    MachineAccount,
    Membership,
    Party,
    Population,
    SubRegion,
)
from samsyn.parties.selectors import machine_account_of, people_managed_by, roles_grantable_by

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

MUNICIPALITY_CODE_INVALID = _("The municipality code ”{code}” of {name} is not four digits.")
SUB_REGION_UNKNOWN = _("The sub-region ”{name}” is not in the reference data.")
AREA_MEMBER_UNKNOWN = _(
    "The cooperation area ”{area}” names the municipality code ”{code}”, which does not exist."
)
UNIT_NOT_OF_PROVIDER = _("The unit does not belong to the chosen care provider.")
USER_NEEDS_PROVIDER = _("A user must belong to at least one care provider.")
PERSON_NOT_YOURS = _("You may not administer this person.")
ROLE_NOT_YOURS = _("You may not give or take that role at that care provider.")
OWN_ROLES_REFUSED = _("You cannot change your own roles. Ask another administrator.")
OWN_DEACTIVATION_REFUSED = _("You cannot deactivate yourself. Ask another administrator.")
LAST_ROLE_REFUSED = _(
    "A user must belong to at least one care provider. Deactivate the person instead."
)
MACHINE_ROLE_REFUSED = _(
    "A system account may only report deviations or handle them, and only at its own care provider."
)
MACHINE_NAME_REQUIRED = _("Give the system a name.")
MACHINE_NAME_TAKEN = _("The care provider already has a system account with this name.")
MACHINE_NO_PASSWORD = _("A system account has no password: it uses API tokens.")
EMAIL_REQUIRED = _(
    "Fill in the person's e-mail address: the link to choose a password is sent there."
)
POPULATION_CODE_UNKNOWN = _(
    "The population figures name the municipality code ”{code}”, which does not exist."
)
NO_EMAIL_FOR_LINK = _(
    "The person has no e-mail address. Fill in an e-mail address, so that the link can be sent."
)
INACTIVE_NO_LINK = _("The person is deactivated. Reactivate the person before sending a link.")


@transaction.atomic
def reference_data_load(*, data: dict) -> dict[str, int]:
    """Load a county's parties, providers, sub-regions and areas; idempotent (run twice: same rows).

    Every error is raised before anything is saved: the whole load is one transaction.
    """
    county = _county_load(data["county"])
    sub_regions = {}
    for name in data["sub_regions"]:
        sub_regions[name], _ = SubRegion.objects.get_or_create(county=county, name=name)

    region_data = data["region"]
    region, _ = Party.objects.update_or_create(
        code=region_data["code"],
        defaults={
            "county": county,
            "kind": Party.Kind.REGION,
            "name": region_data["name"],
            "short_name": region_data.get("short_name", ""),
            "sub_region": None,
        },
    )
    for provider in region_data.get("providers", []):
        _regional_provider_load(region, provider)

    for municipality in data["municipalities"]:
        code, name = municipality["code"], municipality["name"]
        if not re.fullmatch(r"[0-9]{4}", code):  # not isdigit(): "14²0" is digits to it
            raise ValidationError(MUNICIPALITY_CODE_INVALID.format(code=code, name=name))
        if municipality["sub_region"] not in sub_regions:
            raise ValidationError(SUB_REGION_UNKNOWN.format(name=municipality["sub_region"]))
        previous = Party.objects.filter(code=code).values_list("name", flat=True).first()
        party, _ = Party.objects.update_or_create(
            code=code,
            defaults={
                "county": county,
                "kind": Party.Kind.MUNICIPALITY,
                "name": name,
                "short_name": municipality.get("short_name", ""),
                "sub_region": sub_regions[municipality["sub_region"]],
            },
        )
        if previous is not None and previous != name:
            _municipality_renamed(party=party, previous=previous)
        # Each municipality is a care provider of its own (HSL).
        CareProvider.objects.get_or_create(
            party=party, name=name, defaults={"kind": CareProvider.Kind.MUNICIPAL}
        )

    parties_by_code = {p.code: p for p in Party.objects.filter(county=county)}
    for area_data in data.get("cooperation_areas", []):
        area, created = CooperationArea.objects.get_or_create(county=county, name=area_data["name"])
        unknown = [c for c in area_data["members"] if c not in parties_by_code]
        if unknown:
            raise ValidationError(AREA_MEMBER_UNKNOWN.format(area=area.name, code=unknown[0]))
        # Administrators may edit membership later: only seed an area's members when it is new.
        if created:
            area.members.set([parties_by_code[c] for c in area_data["members"]])

    _population_load(data.get("population"), parties_by_code)
    return {
        "municipalities": Party.objects.filter(county=county, kind=Party.Kind.MUNICIPALITY).count(),
        "providers": CareProvider.objects.filter(party__county=county).count(),
        "sub_regions": county.sub_regions.count(),
        "areas": county.areas.count(),
        "units": CareUnit.objects.filter(provider__party__county=county).count(),
    }


def _population_load(population: dict | None, parties_by_code: dict) -> None:
    """The municipalities' population of one year as Statistics Sweden published it (issue 20):
    the rates per 10,000 inhabitants of the county report. A municipality the file leaves out
    has no figure that year, and the report says so."""
    if not population:
        return
    # A figure taken from another publication of SCB's number names that publication
    # ("sources", per municipality code); the others carry the file's source.
    sources = population.get("sources", {})
    for code, inhabitants in population["inhabitants"].items():
        if code not in parties_by_code:
            raise ValidationError(POPULATION_CODE_UNKNOWN.format(code=code))
        Population.objects.update_or_create(
            party=parties_by_code[code],
            year=population["year"],
            defaults={
                "inhabitants": inhabitants,
                "source": sources.get(code, population.get("source", "")),
            },
        )


def _county_load(county_data: dict) -> County:
    county, _ = County.objects.update_or_create(
        code=county_data["code"], defaults={"name": county_data["name"]}
    )
    # The county's patient-safety forum (issue 17 item 5): named once from the file; the
    # county administrator may rename it afterwards (as an area's members).
    forum = county_data.get("patient_safety_forum", "")
    if forum and not county.patient_safety_forum:
        county.patient_safety_forum = forum
        county.save(update_fields=["patient_safety_forum"])
    return county


def _regional_provider_load(region: Party, provider: dict) -> None:
    care_provider, _ = CareProvider.objects.update_or_create(
        party=region, name=provider["name"], defaults={"kind": provider["kind"]}
    )
    # Units the reference file names (the region's vårdcentraler, issue 17): created once; the
    # county administrator keeps them afterwards.
    for unit in provider.get("units", []):
        CareUnit.objects.get_or_create(
            provider=care_provider,
            name=unit["name"],
            defaults={"kind": unit.get("kind", CareUnit.Kind.OTHER)},
        )


def _municipality_renamed(*, party: Party, previous: str) -> None:
    """A corrected name in the reference file renames the party (matched by its code) and the
    municipality's own care provider, which carries the same name; the trail keeps both."""
    providers = CareProvider.objects.filter(party=party)
    if not providers.filter(name=party.name).exists():
        providers.filter(name=previous, kind=CareProvider.Kind.MUNICIPAL).update(name=party.name)
    audit_record(
        actor=None,
        action="parties.party.renamed",
        target=party,
        data={"code": party.code, "before": {"name": previous}, "after": {"name": party.name}},
    )


def reference_data_file(name: str) -> dict:
    """A county's reference file by name in parties/reference/ or by path."""
    return reference_file(name, directory=REFERENCE_DIR)


# --- people and their roles (the single door) --------------------------------------

PERSON_FIELDS = ["first_name", "last_name", "email"]
# Staff names and e-mail addresses: the trail says that they changed, never what they are
# (the trail outlives retention; docs/security.md).
PERSON_FREE_TEXT = PERSON_FIELDS


def _require_person(actor, person) -> None:
    if actor is not None and not people_managed_by(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(PERSON_NOT_YOURS)


def _require_role(actor, *, provider: CareProvider, role: str) -> None:
    if actor is not None and role not in roles_grantable_by(actor, provider=provider):
        raise PermissionDenied(ROLE_NOT_YOURS)


def _refuse_own(actor, person, message) -> None:
    """Nobody changes their own roles or switches themselves off: another administrator must."""
    if actor is not None and getattr(actor.user, "pk", None) == person.pk:
        raise PermissionDenied(message)


def _membership_data(membership: Membership) -> dict:
    return {
        "user": membership.user.username,
        "provider_id": membership.provider_id,
        "unit_id": membership.unit_id,
        "role": membership.role,
    }


def _membership_add(*, actor, user, provider, role, unit) -> Membership:
    if unit is not None and unit.provider_id != provider.pk:
        raise ValidationError({"unit": UNIT_NOT_OF_PROVIDER})
    _require_machine_role(user, provider=provider, role=role)
    membership = Membership(user=user, provider=provider, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    user_sync_staff_flag(user=user)
    audit_record(
        actor=actor,
        action="parties.membership.granted",
        target=membership,
        data=_membership_data(membership),
    )
    return membership


def user_sync_staff_flag(*, user) -> None:
    """Only superusers reach the Django admin (issue 23 item 4): the staff flag follows the
    superuser flag, whatever roles the person holds."""
    is_staff = user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def person_create(  # noqa: PLR0913 (the one door for a new person: its fields, one flag)
    *,
    actor,
    username: str,
    email: str,
    provider: CareProvider,
    role: str,
    unit: CareUnit | None = None,
    first_name: str = "",
    last_name: str = "",
    password_link: bool = True,
):
    """Add a person with a first role; they choose their own password through the link that
    is e-mailed to them (nobody sets another person's password). Nothing is saved on error.

    `password_link=False`: a person who signs in through an identity provider (invited by
    their HSA-id, or created from the provider's claims) gets no password and no link."""
    actor = as_actor(actor)
    _require_role(actor, provider=provider, role=role)
    if password_link and not (email or "").strip():
        raise ValidationError({"email": EMAIL_REQUIRED})
    User = get_user_model()
    person = User(
        username=username, first_name=first_name, last_name=last_name, email=email.strip()
    )
    person.set_unusable_password()
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="parties.person.created",
        target=person,
        data={
            "username": person.username,
            **audit_changes(
                before={},
                after={f: getattr(person, f) for f in PERSON_FIELDS},
                free_text=PERSON_FREE_TEXT,
            ),
        },
    )
    _membership_add(actor=actor, user=person, provider=provider, role=role, unit=unit)
    if password_link:
        _password_link(actor=actor, person=person)
    return person


def _require_machine_role(user, *, provider: CareProvider, role: str) -> None:
    machine = machine_account_of(user) if user.pk else None
    if machine is not None and (provider.pk != machine.provider_id or role not in MACHINE_ROLES):
        raise ValidationError({"role": MACHINE_ROLE_REFUSED})


def _machine_username(name: str) -> str:
    User = get_user_model()
    base = "system." + (slugify(name)[:120] or "konto")
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@transaction.atomic
def machine_account_create(
    *, actor, provider: CareProvider, name: str, role: str, unit: CareUnit | None = None
) -> MachineAccount:
    """A care provider's own system as an account of its own (issue 21): no password, no
    sign-in on the pages, API tokens made by the provider's administrator, one role among
    MACHINE_ROLES at this provider. Nothing is saved on error."""
    actor = as_actor(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": MACHINE_NAME_REQUIRED})
    if role not in MACHINE_ROLES:
        raise ValidationError({"role": MACHINE_ROLE_REFUSED})
    if MachineAccount.objects.filter(provider=provider, name__iexact=name).exists():
        raise ValidationError({"name": MACHINE_NAME_TAKEN})
    user = person_create(
        actor=actor,
        username=_machine_username(name),
        email="",
        provider=provider,
        role=role,
        unit=unit,
        first_name=name,
        password_link=False,
    )
    try:
        with transaction.atomic():
            machine = MachineAccount.objects.create(user=user, provider=provider, name=name)
    except IntegrityError:  # the same form, sent twice at once
        raise ValidationError({"name": MACHINE_NAME_TAKEN}) from None
    audit_record(
        actor=actor,
        action="parties.machine_account.created",
        target=machine,
        data={"username": user.username, "provider_id": provider.pk},
    )
    return machine


@transaction.atomic
def person_update(*, actor, person, data: dict) -> dict:
    """Change a person's name or e-mail address; the old address is told of a new one."""
    actor = as_actor(actor)
    _require_person(actor, person)
    old_email = person.email
    changes = model_update(instance=person, fields=PERSON_FIELDS, data=data)
    if not changes:
        return changes
    audit_record(
        actor=actor,
        action="parties.person.changed",
        target=person,
        data={
            "username": person.username,
            **audit_changes(
                before={k: v[0] for k, v in changes.items()},
                after={k: v[1] for k, v in changes.items()},
                free_text=PERSON_FREE_TEXT,
            ),
        },
    )
    if "email" in changes and old_email:
        # Someone who changed the address to take over the account cannot hide it.
        outbox_email(
            user=person,
            to=old_email,
            subject=gettext("Your e-mail address in Samsyn has been changed"),
            body=gettext(
                "Hello,\n\nThe e-mail address of your account {username} in Samsyn has been "
                "changed by an administrator. Contact your administrator if you do not know "
                "about the change."
            ).format(username=person.username),
        )
    return changes


def _person_set_active(*, actor, person, active: bool, action: str) -> None:
    _require_person(actor, person)
    if person.is_active == active:
        return
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit_record(actor=actor, action=action, target=person, data={"username": person.username})


@transaction.atomic
def person_deactivate(*, actor, person) -> None:
    """Switch a person off: they can no longer sign in; the trail keeps naming them."""
    actor = as_actor(actor)
    _refuse_own(actor, person, OWN_DEACTIVATION_REFUSED)
    _person_set_active(
        actor=actor, person=person, active=False, action="parties.person.deactivated"
    )


@transaction.atomic
def person_reactivate(*, actor, person) -> None:
    _person_set_active(
        actor=as_actor(actor), person=person, active=True, action="parties.person.reactivated"
    )


@transaction.atomic
def person_login_unlock(*, actor, person) -> int:
    """Lift a person's login lockout (django-axes): their failed attempts are forgotten and
    they can try again at once. Only for the people one manages; into the trail."""
    from axes.utils import reset

    actor = as_actor(actor)
    if not can(actor, "parties.manage_people"):
        raise PermissionDenied(PERSON_NOT_YOURS)
    _require_person(actor, person)
    removed = reset(username=person.username)
    audit_record(
        actor=actor,
        action="parties.person.login_unlocked",
        target=person,
        data={"username": person.username, "attempts_removed": removed},
    )
    return removed


@transaction.atomic
def membership_grant(
    *, actor, user, provider: CareProvider, role: str, unit: CareUnit | None = None
) -> Membership:
    """Give a person a role at a care provider (or one of its units)."""
    actor = as_actor(actor)
    _refuse_own(actor, user, OWN_ROLES_REFUSED)
    _require_person(actor, user)
    _require_role(actor, provider=provider, role=role)
    return _membership_add(actor=actor, user=user, provider=provider, role=role, unit=unit)


@transaction.atomic
def membership_update(
    *,
    actor,
    membership: Membership,
    provider: CareProvider,
    role: str,
    unit: CareUnit | None = None,
) -> Membership:
    """Move a role to another provider or unit, or change it; both old and new must be the
    actor's to give."""
    actor = as_actor(actor)
    _refuse_own(actor, membership.user, OWN_ROLES_REFUSED)
    _require_person(actor, membership.user)
    _require_role(actor, provider=membership.provider, role=membership.role)
    _require_role(actor, provider=provider, role=role)
    if unit is not None and unit.provider_id != provider.pk:
        raise ValidationError({"unit": UNIT_NOT_OF_PROVIDER})
    before = _membership_data(membership)
    membership.provider, membership.role, membership.unit = provider, role, unit
    membership.full_clean()
    membership.save()
    user_sync_staff_flag(user=membership.user)
    audit_record(
        actor=actor,
        action="parties.membership.changed",
        target=membership,
        data=audit_changes(before=before, after=_membership_data(membership)),
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    """Take a role from a person; the audit trail keeps who held it. The last role is not
    taken: deactivate the person instead."""
    actor = as_actor(actor)
    user = membership.user
    _refuse_own(actor, user, OWN_ROLES_REFUSED)
    _require_person(actor, user)
    _require_role(actor, provider=membership.provider, role=membership.role)
    if not user.is_superuser and not user.memberships.exclude(pk=membership.pk).exists():
        raise ValidationError(LAST_ROLE_REFUSED)
    audit_record(
        actor=actor,
        action="parties.membership.revoked",
        target=membership,
        data=_membership_data(membership),
    )
    membership.delete()
    user_sync_staff_flag(user=user)


@transaction.atomic
def password_link_send(*, actor, person) -> None:
    """E-mail the person a one-time link to choose their password. The link goes only to
    the person's own address: an administrator never sees or sets the password."""
    actor = as_actor(actor)
    _require_person(actor, person)
    if machine_account_of(person) is not None:
        raise ValidationError(MACHINE_NO_PASSWORD)
    if not person.email:
        raise ValidationError({"email": NO_EMAIL_FOR_LINK})
    if not person.is_active:
        raise ValidationError(INACTIVE_NO_LINK)
    _password_link(actor=actor, person=person)


@transaction.atomic
def password_choose(*, person, password: str) -> None:
    """The person sets their own password on the page the link opened (the page has checked
    the one-time token; setting the password voids it)."""
    validate_password(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    audit_record(
        actor=person,
        action="parties.person.password_chosen",
        target=person,
        data={"username": person.username},
    )


def _password_link(*, actor, person) -> None:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)  # void once the password is set
    url = settings.SITE_URL + reverse("password_set", kwargs={"uidb64": uid, "token": token})
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    outbox_email(
        user=person,
        to=person.email,
        subject=gettext("Choose your password in Samsyn"),
        body=ngettext(
            "Hello,\n\nYour username in Samsyn is {username}. Choose your password here:\n\n"
            "{url}\n\nThe link is valid for {days} day and can be used only once. If you did "
            "not expect this message, you can ignore it.",
            "Hello,\n\nYour username in Samsyn is {username}. Choose your password here:\n\n"
            "{url}\n\nThe link is valid for {days} days and can be used only once. If you did "
            "not expect this message, you can ignore it.",
            days,
        ).format(username=person.username, url=url, days=days),
    )
    audit_record(
        actor=actor,
        action="parties.person.password_link_sent",
        target=person,
        data={"username": person.username},
    )


# --- units (the party's administrator and the county administrator keep them on /enheter/) --

UNIT_NOT_YOURS = _("You may not change the units of this care provider.")
UNIT_IN_USE = _(
    "The unit is in use (people have roles there, or an assignment gives a role there) and "
    "stays. Move those roles first."
)
EDIT_REGISTRY = "parties.edit"
# A care provider's units are kept by its party's administrator (issue 17 item 1) and by the
# county administrator: the people who keep its people (decision 0012).
KEEP_UNITS = "parties.manage_people"
UNIT_FIELDS = ["kind", "is_active"]


def _require_unit_keeper(actor, provider: CareProvider) -> None:
    if actor is not None and not (
        getattr(actor.user, "is_superuser", False) or can(actor, KEEP_UNITS, provider)
    ):
        raise PermissionDenied(UNIT_NOT_YOURS)


@transaction.atomic
def unit_add(
    *, actor, provider: CareProvider, name: str, kind: str = CareUnit.Kind.OTHER
) -> CareUnit:
    actor = as_actor(actor)
    _require_unit_keeper(actor, provider)
    unit = CareUnit(provider=provider, name=(name or "").strip(), kind=kind)
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action="parties.unit.added",
        target=unit,
        data={"provider_id": provider.pk, "name": unit.name, "kind": unit.kind},
    )
    return unit


@transaction.atomic
def unit_change(*, actor, unit: CareUnit, kind: str, is_active: bool) -> CareUnit:
    """Set a unit's kind, or mark it inactive: an inactive unit is no longer offered when
    reporting or passing on a case (deviations.services.routing.unit_problem), and the cases
    and roles that name it keep it."""
    actor = as_actor(actor)
    _require_unit_keeper(actor, unit.provider)
    changes = model_update(
        instance=unit, fields=UNIT_FIELDS, data={"kind": kind, "is_active": is_active}
    )
    if changes:
        audit_record(
            actor=actor,
            action="parties.unit.changed",
            target=unit,
            data={
                "provider_id": unit.provider_id,
                **audit_changes(
                    before={k: old for k, (old, _new) in changes.items()},
                    after={k: new for k, (_old, new) in changes.items()},
                ),
            },
        )
    return unit


@transaction.atomic
def unit_remove(*, actor, unit: CareUnit) -> None:
    """A unit no role and no mapping points at goes; one in use stays (PROTECT)."""
    actor = as_actor(actor)
    _require_unit_keeper(actor, unit.provider)
    try:
        with transaction.atomic():  # the trail's row goes too if the unit cannot
            audit_record(
                actor=actor,
                action="parties.unit.removed",
                target=unit,
                data={"provider_id": unit.provider_id, "name": unit.name},
            )
            unit.delete()
    except ProtectedError as exc:
        raise ValidationError(UNIT_IN_USE) from exc


# --- the county's care providers (county administrator, issue 23 item 4) ----------------------

KEEP_REGISTRY = "parties.edit"
PROVIDER_FIELDS = ["name", "kind", "is_active"]
PROVIDER_NOT_YOURS = _("Only the county administrator keeps the county's care providers.")
PROVIDER_NAME_TAKEN = _("The principal already has a care provider with this name.")


def _require_registry_keeper(actor, provider: CareProvider) -> None:
    if not (getattr(actor.user, "is_superuser", False) or can(actor, KEEP_REGISTRY, provider)):
        raise PermissionDenied(PROVIDER_NOT_YOURS)


def _refuse_taken_name(provider: CareProvider, name: str) -> None:
    others = CareProvider.objects.filter(party_id=provider.party_id, name=name)
    if others.exclude(pk=provider.pk).exists():
        raise ValidationError({"name": PROVIDER_NAME_TAKEN})


@transaction.atomic
def provider_add(*, actor, party: Party, name: str, kind: str) -> CareProvider:
    """Add a care provider under a principal of the actor's county (parties.edit)."""
    actor = as_actor(actor)
    provider = CareProvider(party=party, name=(name or "").strip(), kind=kind)
    _require_registry_keeper(actor, provider)
    _refuse_taken_name(provider, provider.name)
    provider.full_clean()
    saved_unless_taken(provider.save, field="name", message=PROVIDER_NAME_TAKEN)
    audit_record(
        actor=actor,
        action="parties.provider.added",
        target=provider,
        data={"party_id": party.pk, "name": provider.name, "kind": provider.kind},
    )
    return provider


@transaction.atomic
def provider_change(*, actor, provider: CareProvider, data: dict) -> CareProvider:
    """Rename a care provider, set its type, or deactivate it: an inactive provider is no
    longer offered as a counterpart, and its cases, people and units keep it. Its principal
    stays (moving it would move its cases' history to another party)."""
    actor = as_actor(actor)
    _require_registry_keeper(actor, provider)
    data = {**data, "name": (data.get("name", provider.name) or "").strip()}
    _refuse_taken_name(provider, data["name"])
    changes = saved_unless_taken(
        lambda: model_update(instance=provider, fields=PROVIDER_FIELDS, data=data),
        field="name",
        message=PROVIDER_NAME_TAKEN,
    )
    if changes:
        audit_record(
            actor=actor,
            action="parties.provider.changed",
            target=provider,
            data=audit_changes(
                before={k: old for k, (old, _new) in changes.items()},
                after={k: new for k, (_old, new) in changes.items()},
            ),
        )
    return provider


AREA_NOT_YOURS = _("Only the county administrator keeps the county's cooperation areas.")
AREA_NAME_TAKEN = _("The county already has a cooperation area with this name.")
AREA_MEMBER_OUTSIDE = _("A cooperation area's members are municipalities of its own county.")


@transaction.atomic
def area_save(*, actor, area: CooperationArea, name: str, members) -> CooperationArea:
    """Add a cooperation area of the county (unsaved `area`) or rename one and set its member
    municipalities (parties.edit). Cases keep the area they were reported in (place_of)."""
    actor = as_actor(actor)
    grant = grant_for(actor, KEEP_REGISTRY)
    if not (getattr(actor.user, "is_superuser", False) or area.county_id in grant.county_ids):
        raise PermissionDenied(AREA_NOT_YOURS)
    members = list(members)
    if any(m.county_id != area.county_id or m.kind != Party.Kind.MUNICIPALITY for m in members):
        raise ValidationError({"members": AREA_MEMBER_OUTSIDE})
    name = (name or "").strip()
    others = CooperationArea.objects.filter(county_id=area.county_id, name=name)
    if others.exclude(pk=area.pk).exists():
        raise ValidationError({"name": AREA_NAME_TAKEN})
    adding = area.pk is None
    before = {} if adding else {"name": area.name, "members": _member_codes(area.members.all())}
    area.name = name
    area.full_clean()
    saved_unless_taken(area.save, field="name", message=AREA_NAME_TAKEN)
    area.members.set(members)
    after = {"name": area.name, "members": _member_codes(members)}
    if before != after:
        audit_record(
            actor=actor,
            action="parties.area.added" if adding else "parties.area.changed",
            target=area,
            data=after if adding else audit_changes(before=before, after=after),
        )
    return area


FORUM_NOT_YOURS = _("Only the county administrator names the county's patient-safety forum.")


@transaction.atomic
def county_forum_rename(*, actor, county: County, name: str) -> County:
    """Name the county's patient-safety forum (where a case lifted to the county lands, issue
    17 item 5); parties.edit in the county. Empty: the county has none named."""
    actor = as_actor(actor)
    if not (
        getattr(actor.user, "is_superuser", False)
        or county.pk in grant_for(actor, KEEP_REGISTRY).county_ids
    ):
        raise PermissionDenied(FORUM_NOT_YOURS)
    before = county.patient_safety_forum
    county.patient_safety_forum = (name or "").strip()
    county.full_clean(validate_unique=False)
    if county.patient_safety_forum != before:
        county.save(update_fields=["patient_safety_forum"])
        audit_record(
            actor=actor,
            action="parties.county.forum_renamed",
            target=county,
            data=audit_changes(
                before={"patient_safety_forum": before},
                after={"patient_safety_forum": county.patient_safety_forum},
            ),
        )
    return county


def _member_codes(parties) -> list[str]:
    return sorted(party.code for party in parties)
