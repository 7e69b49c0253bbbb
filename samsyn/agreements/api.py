"""Governing documents and the regime lookup over the API (the lookup that lived at
/avtal/api/regim/, which now redirects here)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from samsyn.agreements import selectors
from samsyn.api.problems import problem
from samsyn.core.access import grant_for
from samsyn.parties.models import Party

router = Router(tags=[gettext_lazy("Governing documents")])


class DocumentOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    owner: str
    parent_id: int | None
    county_id: int


class RegimeParty(Schema):
    code: str | None
    name: str
    kind: str


class RegimeDocument(Schema):
    code: str
    title: str
    kind: str
    parent: str | None
    version: str | None


class RegimeOut(Schema):
    party: RegimeParty
    date: datetime.date
    branch: str
    reason: str
    documents: list[RegimeDocument]


def _counties(actor) -> set[int]:
    counties = grant_for(actor, "agreements.view").county_ids
    if not counties:
        raise PermissionDenied(_("You are not allowed to see the agreement registry."))
    return counties


@router.get(
    "/governing-documents",
    response=list[DocumentOut],
    summary=gettext_lazy("Governing documents in your county"),
)
def documents(request):
    return [
        d
        for county_id in sorted(_counties(request.actor))
        for d in selectors.documents_list(county_id=county_id)
    ]


@router.get(
    "/governing",
    response=RegimeOut,
    summary=gettext_lazy("Which governing documents applied to a principal on a day"),
    description=gettext_lazy(
        "`party` is the principal's code (e.g. 1480) or id, `date` YYYY-MM-DD. "
        "The same lookup as the regime page."
    ),
)
def governing(request, party: str, date: datetime.date):
    counties = _counties(request.actor)
    if not party.strip():
        message = _("Give the principal's code or id, e.g. party=1480.")
        return problem(400, message, errors={"party": [message]})
    by_id = Q(pk=int(party)) if party.isdigit() and len(party) < 10 else Q(pk__in=[])  # noqa: PLR2004
    found = Party.objects.filter(Q(code=party) | by_id, county_id__in=counties).first()
    if found is None:
        raise Http404(_("There is no principal with the code {code}.").format(code=party))
    return selectors.governing_documents_on(party=found, on_date=date).as_dict()
