"""From a row of the old system to an ImportedCase: its columns found through the profile's
column mapping, its words through the value mapping, then looked up in Samsyn (decision
"history import mapping"). Every look-up is cached for the run: a file of 200,000 rows asks
the database once per distinct value."""

import datetime

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import GoverningDocument
from samsyn.deviations.models import (
    Category,
    EventType,
    OrganisationConsequence,
    PatientConsequence,
)
from samsyn.deviations.services import ImportedCase
from samsyn.history import layout
from samsyn.history.layout import COLUMNS
from samsyn.parties.models import CareProvider

MISSING_COLUMN = _(
    "The file has no column “{column}” (for “{header}”). Map the old system's column to it in "
    "the import profile, or rename the column."
)
NOT_A_DATE = _("{header}: “{value}” is not a date (YYYY-MM-DD).")
UNKNOWN_VALUE = _(
    "{header}: “{value}” is not a {kind} in Samsyn. Map it in the import profile's value "
    "mappings, or correct the file."
)
MAPPED = _("{header}: “{value}” mapped to “{target}”.")
NOT_RECORDED = _(
    "{header}: not recorded in the old system; imported as “not recorded” (never as “none”)."
)


class RowReader:
    """Reads the rows of one file for one profile."""

    def __init__(self, profile):
        self.profile = profile
        self.columns = {c.field: c.column for c in profile.columns.all()}
        self.values = {
            (v.kind, v.source_value.strip().casefold()): v.target.strip()
            for v in profile.values.all()
        }
        self.found: dict[tuple[str, str], object] = {}

    def column_of(self, column: layout.Column) -> str:
        return self.columns.get(column.key) or column.header

    def missing_columns(self, headers: list[str]) -> list[str]:
        present = {h.casefold() for h in headers}
        return [
            gettext(MISSING_COLUMN).format(column=self.column_of(c), header=c.header)
            for c in COLUMNS
            if c.required and self.column_of(c).casefold() not in present
        ]

    def case_from(self, row: dict[str, str]) -> tuple[ImportedCase, list[str], list[str]]:
        """The case, the row's problems and the notes on how it was read."""
        by_header = {k.casefold(): v for k, v in row.items() if k is not None}
        problems, notes, values = [], [], {}
        for column in COLUMNS:
            raw = (by_header.get(self.column_of(column).casefold()) or "").strip()
            values[column.key] = self._value(column, raw, problems, notes)
        values["import_source"] = values["import_source"] or self.profile.name
        values["event_type"] = values["event_type"] or EventType.DEVIATION
        return ImportedCase(**values), problems, notes

    def _value(self, column, raw: str, problems: list, notes: list):
        if column.kind == layout.TEXT:
            return raw
        if column.kind == layout.DATE:
            return _date(column, raw, problems)
        mapped = self.values.get((column.kind, raw.casefold()), raw) if raw else raw
        if not mapped:
            if column.kind == layout.CONSEQUENCE:
                notes.append(gettext(NOT_RECORDED).format(header=column.header))
            return None
        if mapped != raw:
            notes.append(gettext(MAPPED).format(header=column.header, value=raw, target=mapped))
        value = self._found(column.kind, mapped)
        if value is None:
            problems.append(
                gettext(UNKNOWN_VALUE).format(
                    header=column.header, value=raw, kind=KIND_NAMES[column.kind]
                )
            )
        return value

    def _found(self, kind: str, name: str):
        key = (kind, name.casefold())
        if key not in self.found:
            self.found[key] = LOOK_UPS[kind](self.profile.county_id, name)
        return self.found[key]


def _date(column, raw: str, problems: list) -> datetime.date | None:
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        problems.append(gettext(NOT_A_DATE).format(header=column.header, value=raw))
        return None


def _event_type(county_id, name: str):
    """Its code (deviation, near_miss, …) or its name, in Swedish or English."""
    names = {}
    for language in ("en", "sv"):
        with translation.override(language):
            names.update({str(t.label).casefold(): t.value for t in EventType})
    names.update({t.value: t.value for t in EventType})
    return names.get(name.casefold())


def _named(model):
    def look_up(county_id, name: str):
        return model.objects.filter(name__iexact=name).first()

    return look_up


LOOK_UPS = {
    layout.PROVIDER: lambda county, name: CareProvider.objects.filter(
        party__county_id=county, name__iexact=name
    ).first(),
    layout.DOCUMENT: lambda county, name: GoverningDocument.objects.filter(
        county_id=county, code__iexact=name
    ).first(),
    layout.CATEGORY: _named(Category),
    layout.CONSEQUENCE: _named(PatientConsequence),
    layout.ORGANISATION: _named(OrganisationConsequence),
    layout.EVENT_TYPE: _event_type,
}
KIND_NAMES = {
    layout.PROVIDER: _("care provider"),
    layout.DOCUMENT: _("governing document's short code"),
    layout.CATEGORY: _("category"),
    layout.CONSEQUENCE: _("consequence for the patient"),
    layout.ORGANISATION: _("consequence for the organisation"),
    layout.EVENT_TYPE: _("type of report"),
}
