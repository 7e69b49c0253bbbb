"""The follow-up pages: the choice of a pair or an area, and its figures (issue 19 item 6)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from samsyn.core.access import can
from samsyn.followup.selectors import (
    PERMISSION,
    PairScope,
    area_scope,
    pair_figures_for,
    pair_scope,
    pairs_visible_to,
)
from samsyn.parties.models import CooperationArea, Party


def pairs(request):
    if not can(request.actor, PERMISSION):
        raise PermissionDenied
    municipalities, areas = pairs_visible_to(request.actor)
    return render(
        request, "followup/pairs.html", {"municipalities": municipalities, "areas": areas}
    )


def pair(request, code: str):
    municipality = get_object_or_404(Party, code=code, kind=Party.Kind.MUNICIPALITY)
    return _figures_page(request, pair_scope(municipality=municipality))


def area(request, pk: int):
    return _figures_page(request, area_scope(area=get_object_or_404(CooperationArea, pk=pk)))


def _figures_page(request, scope: PairScope):
    figures = pair_figures_for(request.actor, scope)
    return render(request, "followup/pair.html", {"figures": figures, "scope": scope})
