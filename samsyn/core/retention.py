"""Retention (gallring): closed cases' free text is purged after a configurable period.

Apps declare what to purge in AppConfig.ready():

    retention_register(model=Deviation, closed_field="closed_at",
                       text_fields=["description", "analysis"])

`manage.py purge_closed_free_text` then replaces those fields with PURGED_MARKER on rows
closed more than settings.RETENTION_YEARS ago. Figures, dates and classifications stay, so
reports still count the case; each purged row gets one audit event naming the fields (never
the text). Running it again changes nothing.

What is kept apart from the case's text goes whole at the same moment (issue 18): the
protected patient reference, attachments and their files. Apps declare such rows with

    retention_register_removal(model=Attachment, closed_field="deviation__closed_at",
                               remove=attachment_purge)
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from samsyn.audit.services import audit_record

PURGED_MARKER = "[Rensad enligt gallringsbeslut]"
PURGE_ACTION = "retention.free_text.purged"


@dataclass(frozen=True)
class RetentionRule:
    model: type[models.Model]
    closed_field: str  # a field or lookup path (e.g. "disagreement__closed_at"); null = open
    text_fields: tuple[str, ...]
    # Rows removed whole (a patient reference, an attachment): how to remove one.
    remove: Callable | None = None


# By (model label, closed field): a shared model (the case history, cases.Transition) is
# reached through each case type's own "closed" field.
RETENTION_RULES: dict[tuple[str, str], RetentionRule] = {}


def retention_register(*, model, closed_field: str, text_fields: list[str]) -> None:
    """Declare a model's free text for purging once the case has been closed long enough."""
    for name in text_fields:
        field = model._meta.get_field(name)
        if not isinstance(field, models.CharField | models.TextField):
            raise ValueError(f"{model._meta.label}.{name} is not a text field")
        if field.max_length is not None and field.max_length < len(PURGED_MARKER):
            raise ValueError(f"{model._meta.label}.{name} is too short for the purge marker")
    _closed_field(model, closed_field)  # fails now, not at purge time, on a wrong path
    RETENTION_RULES[(model._meta.label_lower, closed_field)] = RetentionRule(
        model=model, closed_field=closed_field, text_fields=tuple(text_fields)
    )


def retention_register_removal(*, model, closed_field: str, remove: Callable | None = None):
    """Declare rows removed whole once their case has been closed long enough; `remove(row)`
    also deletes what lives outside the database (a file), by default `row.delete()`."""
    _closed_field(model, closed_field)
    RETENTION_RULES[(model._meta.label_lower, closed_field)] = RetentionRule(
        model=model,
        closed_field=closed_field,
        text_fields=(),
        remove=remove or (lambda row: row.delete()),
    )


def retention_unregister(*, model) -> None:
    for key in [k for k in RETENTION_RULES if k[0] == model._meta.label_lower]:
        del RETENTION_RULES[key]


def _closed_field(model, path: str) -> models.Field:
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    if not isinstance(field, models.DateField):  # DateTimeField is a DateField too
        raise ValueError(f"{path} is not a date or datetime field")
    return field


def retention_cutoff(*, now: datetime.datetime | None = None, years: int | None = None):
    """The moment before which a case must have been closed for its free text to be purged."""
    now = now or timezone.now()
    years = settings.RETENTION_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


@dataclass
class PurgeResult:
    model_label: str
    rows: int
    text_fields: tuple[str, ...] = ()


def _due_rows(rule: RetentionRule, cutoff):
    field = _closed_field(rule.model, rule.closed_field)
    limit = cutoff if isinstance(field, models.DateTimeField) else timezone.localdate(cutoff)
    if rule.remove is not None:
        return rule.model._base_manager.filter(**{f"{rule.closed_field}__lt": limit}).order_by("pk")
    # A row is due when any of its text fields still holds something other than the marker.
    holds_text = models.Q()
    for name in rule.text_fields:
        holds_text |= (
            ~models.Q(**{name: ""})
            & ~models.Q(**{name: PURGED_MARKER})
            & models.Q(**{f"{name}__isnull": False})
        )
    return (
        rule.model._base_manager.filter(holds_text, **{f"{rule.closed_field}__lt": limit})
        .distinct()
        .order_by("pk")
    )


def purge_closed_free_text(*, dry_run: bool = False, now=None) -> list[PurgeResult]:
    """Blank the registered free text of cases closed before the cut-off; figures stay."""
    cutoff = retention_cutoff(now=now)
    results = []
    for (label, _closed), rule in sorted(RETENTION_RULES.items()):
        rows = list(_due_rows(rule, cutoff))
        if not dry_run:
            for row in rows:
                _purge_row(row=row, rule=rule)
        results.append(PurgeResult(model_label=label, rows=len(rows), text_fields=rule.text_fields))
    return results


@transaction.atomic
def _purge_row(*, row, rule: RetentionRule) -> None:
    if rule.remove is not None:
        # Recorded before the row goes, naming it (never its content).
        audit_record(
            actor=None,
            action=PURGE_ACTION,
            target=row,
            data={"removed": True, "retention_years": settings.RETENTION_YEARS},
        )
        rule.remove(row)
        return
    purged = [n for n in rule.text_fields if getattr(row, n) not in (None, "", PURGED_MARKER)]
    for name in purged:
        setattr(row, name, PURGED_MARKER)
    row.save(update_fields=purged)
    audit_record(
        actor=None,
        action=PURGE_ACTION,
        target=row,
        data={"fields": purged, "retention_years": settings.RETENTION_YEARS},
    )
