"""DEMO DATA: one invented systemic issue for `make run`, so the list, the issue's page and its
member cases show how a coordinator groups lifted cases under one cause (issue 19 item 5).
Written through the real service as the demo's sub-regional coordinator; idempotent by title."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from samsyn.core.access import actor_for
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.parties.models import CooperationArea
from samsyn.systemic.models import Forum, SystemicIssue
from samsyn.systemic.services import SystemicIssueData, systemic_issue_save

COORDINATOR = "samordnare.sodra"
HOSPITAL = "Södra Älvsborgs Sjukhus"
TITLE = "Information saknas vid utskrivning från Södra Älvsborgs Sjukhus"
# The lifted cases that share the cause: what the discharge letter leaves out.
SHARED = Q(title__istartswith="Epikris saknade") | Q(title__istartswith="Information om kateter")


def systemic_load() -> int:
    """Create the demo systemic issue if it is missing and its cases exist; returns 1 or 0."""
    coordinator = get_user_model().objects.filter(username=COORDINATOR).first()
    area = CooperationArea.objects.filter(name="Södra Älvsborg").first()
    if coordinator is None or area is None or SystemicIssue.objects.filter(title=TITLE).exists():
        return 0
    actor = actor_for(coordinator)
    cases = list(
        deviations_visible_to(actor)
        .filter(SHARED, counterpart_provider__name=HOSPITAL)
        .order_by("pk")[:6]
    )
    if not cases:
        return 0
    systemic_issue_save(
        actor=actor,
        data=SystemicIssueData(
            title=TITLE,
            cause=(
                "Epikrisen från sjukhusets avdelningar saknar uppgifter som hemsjukvården "
                "behöver första dygnet: sårbehandling, kateter och vem som följer upp. "
                "Samma brist återkommer från flera avdelningar och till flera kommuner."
            ),
            owner=coordinator,
            forum=Forum.SUB_REGIONAL,
            area=area,
            measures=(
                "Sjukhuset och kommunerna tar fram en gemensam checklista för epikrisens "
                "omvårdnadsdel; den prövas på två avdelningar under ett kvartal."
            ),
            follow_up="Följs upp på delregionala gruppens möte efter prövoperioden.",
            follow_up_due=datetime.date(2027, 3, 31),
            deviations=cases,
        ),
    )
    return 1
