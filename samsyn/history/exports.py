"""Exporting the county's closed cases in the history layout (issue 21 item 6): the file the
import reads, so an export imports back to the same cases (a case already there is not
imported twice: an imported case by its source id, a case of Samsyn by its case number)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from samsyn.core.access import can, grant_for
from samsyn.core.exports import csv_response, xlsx_response
from samsyn.core.keyset import keyset_batches
from samsyn.deviations.models import Deviation, Status
from samsyn.history.layout import COLUMNS, HEADERS, SAMSYN_SOURCE

PERMISSION = "deviations.import_history"
BATCH = 2000
ORDERING = ("created_at", "id")
# Where each column's value is read: a field, or a related value's name or code.
SOURCE_FIELDS = {
    "reporting_provider": "reporting_provider__name",
    "counterpart_provider": "counterpart_provider__name",
    "document": "document__code",
    "category": "category__name",
    "secondary_category": "secondary_category__name",
    "patient_consequence": "patient_consequence__name",
    "psychological_consequence": "psychological_consequence__name",
    "potential_consequence": "potential_consequence__name",
    "organisation_consequence": "organisation_consequence__name",
    "registered_on": "created_at",
    "closed_on": "closed_at",
}
FIELDS = [
    "id",
    *(SOURCE_FIELDS.get(c.key, c.key) for c in COLUMNS),
]


def history_cases(*, actor, year: int | None = None):
    """The closed cases of the actor's counties (of one event year), oldest first."""
    grant = grant_for(actor, PERMISSION)
    if not grant.county_ids:
        raise PermissionDenied
    cases = Deviation.objects.filter(
        Q(reporting_provider__party__county_id__in=grant.county_ids), status=Status.CLOSED
    )
    return cases.filter(event_date__year=year) if year else cases


def _cell(key: str, row: dict):
    if key == "source_id":
        return row["source_id"] or f"{Deviation.REFERENCE_PREFIX}-{row['id']:05d}"
    if key == "import_source":
        return row["import_source"] or SAMSYN_SOURCE
    value = row[SOURCE_FIELDS.get(key, key)]
    if hasattr(value, "tzinfo"):
        return timezone.localdate(value).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else value


def history_rows(cases):
    """The rows of the layout, in keyset batches (flat memory for a county's history)."""
    for batch in keyset_batches(
        cases,
        ordering=ORDERING,
        fields=FIELDS,
        size=BATCH,
    ):
        for row in batch:
            yield [_cell(c.key, row) for c in COLUMNS]


def history_export_response(*, actor, year: int | None, excel: bool):
    if not can(actor, PERMISSION):
        raise PermissionDenied
    rows = history_rows(history_cases(actor=actor, year=year))
    name = f"samsyn-historik-{year or 'alla'}"
    if excel:
        return xlsx_response(header=HEADERS, rows=rows, sheet="Historik", filename=f"{name}.xlsx")
    return csv_response(header=HEADERS, rows=rows, filename=f"{name}.csv")
