"""Writes for parties, providers and people."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from samsyn.audit.services import audit_record
from samsyn.core.reference_files import reference_file
from samsyn.parties.models import (
    CareProvider,
    CareUnit,
    CooperationArea,
    County,
    Membership,
    Party,
    Role,
    SubRegion,
)

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

MUNICIPALITY_CODE_INVALID = "Kommunkoden {code!r} för {name} är inte fyra siffror."
SUB_REGION_UNKNOWN = "Delregionen {name!r} finns inte i referensdata."
AREA_MEMBER_UNKNOWN = "Samverkansområdet {area!r} nämner kommunkoden {code!r}, som inte finns."
UNIT_NOT_OF_PROVIDER = "Enheten hör inte till den valda vårdgivaren."
USER_NEEDS_PROVIDER = "En användare måste höra till minst en vårdgivare."


@transaction.atomic
def reference_data_load(*, data: dict) -> dict[str, int]:
    """Load a county's parties, providers, sub-regions and areas; idempotent (run twice: same rows).

    Every error is raised before anything is saved: the whole load is one transaction.
    """
    county, _ = County.objects.update_or_create(
        code=data["county"]["code"], defaults={"name": data["county"]["name"]}
    )
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
        CareProvider.objects.update_or_create(
            party=region, name=provider["name"], defaults={"kind": provider["kind"]}
        )

    for municipality in data["municipalities"]:
        code, name = municipality["code"], municipality["name"]
        if not (len(code) == 4 and code.isdigit()):
            raise ValidationError(MUNICIPALITY_CODE_INVALID.format(code=code, name=name))
        if municipality["sub_region"] not in sub_regions:
            raise ValidationError(SUB_REGION_UNKNOWN.format(name=municipality["sub_region"]))
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

    return {
        "municipalities": Party.objects.filter(county=county, kind=Party.Kind.MUNICIPALITY).count(),
        "providers": CareProvider.objects.filter(party__county=county).count(),
        "sub_regions": county.sub_regions.count(),
        "areas": county.areas.count(),
    }


def reference_data_file(name: str) -> dict:
    """A county's reference file by name in parties/reference/ or by path."""
    return reference_file(name, directory=REFERENCE_DIR)


@transaction.atomic
def membership_grant(
    *, user, provider: CareProvider, role: str, unit: CareUnit | None = None, actor=None
) -> Membership:
    """Give a person a role at a care provider (or one of its units)."""
    if unit is not None and unit.provider_id != provider.pk:
        raise ValidationError({"unit": UNIT_NOT_OF_PROVIDER})
    membership = Membership(user=user, provider=provider, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    user_sync_staff_flag(user=user)
    audit_record(
        actor=actor,
        action="parties.membership.granted",
        target=membership,
        data={"user": user.username, "provider_id": provider.pk, "role": role},
    )
    return membership


def user_sync_staff_flag(*, user) -> None:
    """Only county administrators (and superusers) reach the Django admin."""
    is_staff = user.is_superuser or user.memberships.filter(role=Role.COUNTY_ADMINISTRATOR).exists()
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    memberships: list[tuple[CareProvider, str]],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor=None,
):
    """Create a person with at least one role at a care provider; nothing is saved on error."""
    if not memberships:
        raise ValidationError({"memberships": USER_NEEDS_PROVIDER})
    User = get_user_model()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    for provider, role in memberships:
        membership_grant(user=user, provider=provider, role=role, actor=actor)
    return user


@transaction.atomic
def membership_revoke(*, membership: Membership, actor=None) -> None:
    """Take a role from a person; the audit trail keeps who held it."""
    user = membership.user
    data = {"user": user.username, "provider_id": membership.provider_id, "role": membership.role}
    audit_record(actor=actor, action="parties.membership.revoked", target=membership, data=data)
    membership.delete()
    user_sync_staff_flag(user=user)
