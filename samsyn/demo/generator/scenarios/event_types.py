"""Event types and the consequence axes in the generated county (issue 19 items 1 and 2).

The old system knew only deviations with one consequence: cases from before Samsyn stay so
(psychological and potential harm not recorded, as the migration leaves them). In Samsyn a
report is a deviation, a near miss, a risk or an example of good cooperation; the shares are
an assumption (no county figures exist yet), with near misses the most common after
deviations as in the national schemes' incident reporting.
"""

from samsyn.demo.generator.randomness import Weighted
from samsyn.demo.generator.scenarios.base import MILD, MODERATE, NEAR_MISS, NONE, SEVERE
from samsyn.deviations.models import EventType

TYPE_SHARES = Weighted(
    [
        (EventType.DEVIATION, 78),
        (EventType.NEAR_MISS, 11),
        (EventType.RISK, 6),
        (EventType.GOOD_COOPERATION, 5),
    ]
)
PSYCHOLOGICAL = [(NONE, 70), (MILD, 24), (MODERATE, 6)]
# What could have happened, for a near miss or a risk (nothing happened to the patient).
POTENTIAL = [(NEAR_MISS, 20), (MILD, 35), (MODERATE, 35), (SEVERE, 10)]
POTENTIAL_NOT_KNOWN = 0.06  # reported as "Ej känt ännu"; the handler sets it later

GOOD_COOPERATION_TITLES = [
    "Smidig utskrivning med läkemedelslista i tid",
    "Snabbt svar från {motpart} vid oklar ordination",
    "Gemensam SIP som gjorde skillnad",
    "Bra överrapportering inför hemgång",
]
GOOD_COOPERATION_TEXTS = [
    "{motpart} ringde dagen före utskrivningen och gick igenom läkemedelslistan med oss. "
    "Patienten kom hem tryggt och allt fanns på plats.",
    "Vi fick svar från {motpart} inom en timme när ordinationen var oklar. Tack!",
    "Samordnad individuell plan hölls i god tid och alla visste vem som gjorde vad.",
]


def _weighted(grades: dict, rows) -> Weighted:
    return Weighted([(grades[name], w) for name, w in rows if name in grades])


class Axes:
    """Draws a case's type and its consequence axes from the county's grades."""

    def __init__(self, grades: dict, severity: dict):
        self.grades, self.severity = grades, severity
        self.psychological = _weighted(grades, PSYCHOLOGICAL)
        self.potential = _weighted(grades, POTENTIAL)
        self.by_severity = sorted(grades.values(), key=lambda pk: severity[pk])

    def event_type(self, rng, *, old: bool) -> str:
        return EventType.DEVIATION if old else TYPE_SHARES.pick(rng)

    def draw(self, rng, *, old: bool, event_type: str, patient: int, closed: bool) -> tuple:
        """(physical, psychological, potential) as ids; None = not asked, not recorded, or
        not known yet (never on a closed case: closing waits for it)."""
        if old:
            return patient, None, None
        if event_type == EventType.GOOD_COOPERATION:
            return None, None, None
        unknown = not closed and rng.random() < POTENTIAL_NOT_KNOWN
        if event_type in (EventType.NEAR_MISS, EventType.RISK):
            return None, None, None if unknown else self.potential.pick(rng)
        psychological = self.psychological.pick(rng)
        worst = max(self.severity[patient], self.severity[psychological])
        # What could have happened: the worst actual grade, or a step or two above it.
        higher = [pk for pk in self.by_severity if self.severity[pk] >= worst]
        potential = higher[min(len(higher) - 1, int(rng.random() * 3))]
        return patient, psychological, None if unknown else potential
