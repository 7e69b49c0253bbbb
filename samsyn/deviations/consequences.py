"""What each type of report asks, and the patient's consequence axes (issue 19 items 1 and 2;
decision 0014).

The rule is written here once: the report form leaves out what a type does not ask, the
services refuse a value on such a field, the case page, lists and exports read the same table.
Every axis is graded on the harm scale (`PatientConsequence.severity`). An axis the type asks
may be "Ej känt ännu" at reporting (stored empty); the handler sets it before closing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.deviations.models import EventType


class _Unknown:
    """The choice "Not known yet": a value the reporter picks, stored as an empty axis."""

    pk = None
    is_active = True
    is_other = False
    name = "unknown"

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
UNKNOWN_VALUE = "unknown"  # what the form and the API send for it

ACTUAL_AXES = ("patient_consequence", "psychological_consequence")
POTENTIAL_AXIS = "potential_consequence"
HARM_AXES = (*ACTUAL_AXES, POTENTIAL_AXIS)
AXIS_LABELS = {
    "patient_consequence": _("physical harm"),
    "psychological_consequence": _("psychological harm"),
    "potential_consequence": _("potential consequence"),
}

NOT_ASKED = _("A report of the type “{type}” does not ask this: leave it empty.")
POTENTIAL_LOWER = _(
    "The potential consequence cannot be lower than the actual one (“{actual}”): what could "
    "have happened includes what did happen."
)
UNKNOWN_BEFORE_CLOSING = _(
    "Set the consequence for the patient before closing: {axes} is still “Not known yet”. "
    "Use “Re-classify”."
)


@dataclass(frozen=True)
class Asked:
    """What a type of report asks beyond the common fields (who, when, what, which
    document, category)."""

    actual: bool  # the actual consequence: physical and psychological harm apart
    potential: bool  # what could have happened
    organisation: bool  # the consequence for the organisation
    handled: bool  # a handling duty: analysis, causes, measures, answer

    @property
    def harm_axes(self) -> tuple[str, ...]:
        return (ACTUAL_AXES if self.actual else ()) + ((POTENTIAL_AXIS,) if self.potential else ())

    @property
    def fields_left_out(self) -> tuple[str, ...]:
        """The report form's fields this type does not ask."""
        left = []
        if not self.actual:
            left += [*ACTUAL_AXES, "patient_affected"]
        if not self.potential:
            left.append(POTENTIAL_AXIS)
        if not self.organisation:
            left.append("organisation_consequence")
        if not self.handled:
            left.append("proposed_measure")
        return tuple(left)


# A near miss (tillbud) harmed nobody, and a risk is a condition before anything happened:
# both ask what could have happened, not what did. Good cooperation asks no harm grade and
# no cause: it is feedback, not a case to handle.
ASKED = {
    EventType.DEVIATION: Asked(actual=True, potential=True, organisation=True, handled=True),
    EventType.NEAR_MISS: Asked(actual=False, potential=True, organisation=True, handled=True),
    EventType.RISK: Asked(actual=False, potential=True, organisation=True, handled=True),
    EventType.GOOD_COOPERATION: Asked(
        actual=False, potential=False, organisation=False, handled=False
    ),
}


def asked(event_type: str | None) -> Asked:
    return ASKED[EventType(event_type or EventType.DEVIATION)]


def type_problems(event_type: str, values: dict) -> dict[str, str]:
    """A value on a field the type does not ask is refused (a harm grade on a report of good
    cooperation), never silently dropped."""
    label = EventType(event_type or EventType.DEVIATION).label
    return {
        name: gettext(NOT_ASKED).format(type=label)
        for name in asked(event_type).fields_left_out
        if values.get(name) not in (None, "", False)
    }


def potential_problem(values: dict) -> str | None:
    """The potential consequence is never lower than an actual one (both known)."""
    potential = values.get(POTENTIAL_AXIS)
    if potential is None or potential is UNKNOWN:
        return None
    actual = [values.get(a) for a in ACTUAL_AXES]
    known = [a for a in actual if a is not None and a is not UNKNOWN]
    worst = max(known, key=lambda a: a.severity, default=None)
    if worst is not None and potential.severity < worst.severity:
        return gettext(POTENTIAL_LOWER).format(actual=worst.name)
    return None


def unknown_axes(deviation) -> list[str]:
    """The axes the case's type asks that are still "not known yet"."""
    return [a for a in asked(deviation.event_type).harm_axes if not getattr(deviation, f"{a}_id")]


def worst_known_severity(deviation, axes: tuple[str, ...] = HARM_AXES) -> int | None:
    """The highest severity among the known axes the type asks (of `axes`); None if none
    is known. A lex Maria assessment asks this and `unknown_axes` (one place for both)."""
    grades = [
        getattr(deviation, a).severity
        for a in asked(deviation.event_type).harm_axes
        if a in axes and getattr(deviation, f"{a}_id")
    ]
    return max(grades, default=None)


def unknown_before_closing(deviation) -> str | None:
    """Closing is refused while an axis the type asks is not known yet."""
    axes = unknown_axes(deviation)
    if not axes:
        return None
    names = ", ".join(str(AXIS_LABELS[a]) for a in axes)
    return gettext(UNKNOWN_BEFORE_CLOSING).format(axes=names)


def consequence_rows(deviation) -> list[tuple[str, object]]:
    """The axes the case's type asks, as (label, value or None for "not known yet"), for the
    case page."""
    labels = {
        "patient_consequence": _("Actual consequence: physical harm"),
        "psychological_consequence": _("Actual consequence: psychological harm"),
        "potential_consequence": _("Potential consequence"),
    }
    return [(labels[a], getattr(deviation, a)) for a in asked(deviation.event_type).harm_axes]
