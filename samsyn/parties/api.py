"""Parties, care providers and units over the API: the actor's own county's register."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from samsyn.api.params import RowId
from samsyn.core.access import grant_for
from samsyn.parties.models import CareProvider, CareUnit, Party

router = Router(tags=[gettext_lazy("Parties and care providers")])


class PartyOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    code: str | None
    county_id: int


class ProviderOut(Schema):
    id: int
    party_id: int
    kind: str
    name: str
    is_active: bool


class UnitOut(Schema):
    id: int
    provider_id: int
    name: str


def register_counties(actor) -> set[int]:
    """The counties whose register the person may read (everyone signed in: their own)."""
    counties = grant_for(actor, "agreements.view").county_ids
    if not counties:
        raise PermissionDenied
    return counties


@router.get(
    "/parties",
    response=list[PartyOut],
    summary=gettext_lazy("Principals (parties) in your county"),
)
def parties_list(request):
    return Party.objects.filter(county__in=register_counties(request.actor)).order_by("name")


@router.get(
    "/providers",
    response=list[ProviderOut],
    summary=gettext_lazy("Care providers in your county"),
)
def providers_list(request):
    counties = register_counties(request.actor)
    return CareProvider.objects.filter(party__county__in=counties).order_by("name", "id")


@router.get(
    "/units",
    response=list[UnitOut],
    summary=gettext_lazy("Units of the care providers in your county"),
)
def units_list(request, provider: RowId | None = None):
    qs = CareUnit.objects.filter(provider__party__county__in=register_counties(request.actor))
    if provider is not None:
        qs = qs.filter(provider_id=provider)
    return qs.order_by("name", "id")
