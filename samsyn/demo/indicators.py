"""DEMO DATA, NOT THE COUNTY'S REAL INDICATORS: three invented indicators for `make run`, so the
dashboard and the annual report show how indicators look (issue 20 item 6). Idempotent by name.
"""

from samsyn.followup.models import Indicator
from samsyn.parties.models import CooperationArea, County

M, D = Indicator.Measure, Indicator.Direction
# (name, description, measure, target, direction, area name or None)
INDICATORS = [
    (
        "Färre avvikelser klassade som ”Annat”",
        "Andelen avvikelser i kategorin Annat; en hög andel gör uppföljningen svår.",
        M.SHARE_OTHER,
        20,
        D.LOWER,
        None,
    ),
    (
        "Åtgärder genomförda",
        "Andelen avslutade avvikelser där en åtgärd har genomförts.",
        M.SHARE_MEASURES_DONE,
        50,
        D.HIGHER,
        None,
    ),
    (
        "Svar i tid i Södra Älvsborg",
        "Andelen svar efter tidsfristen eller ännu obesvarade i området.",
        M.SHARE_OVERDUE,
        10,
        D.LOWER,
        "Södra Älvsborg",
    ),
]


def indicators_load() -> int:
    """Create the invented indicators that are missing; returns how many."""
    county = County.objects.order_by("pk").first()
    if county is None:
        return 0
    created = 0
    for order, (name, description, measure, target, direction, area) in enumerate(INDICATORS):
        _indicator, new = Indicator.objects.get_or_create(
            county=county,
            name=name,
            defaults={
                "description": description,
                "measure": measure,
                "target": target,
                "direction": direction,
                "area": CooperationArea.objects.filter(name=area).first() if area else None,
                "order": order,
            },
        )
        created += new
    return created
