"""Importing the history of the old system (issue 21 item 5; docs/history-import.md).

`history_import` reads a file row by row (it streams), maps each row to a case and checks it
with the deviations' own rules (services.deviation_import_problems). A dry run writes nothing
and reports every row: what it would import, what it already has (the same source id), what
is wrong. The real run imports through `deviation_import` in one transaction: one wrong row
and nothing is imported, so a file is in or out, never half.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_flush, audit_record
from samsyn.core.access import can
from samsyn.core.privacy import personal_numbers_redact
from samsyn.deviations.models import Deviation
from samsyn.deviations.services import (
    deviation_import,
    deviation_import_problems,
    deviation_imported_before,
)
from samsyn.history.layout import BY_KEY, SAMSYN_SOURCE
from samsyn.history.mapping import RowReader
from samsyn.history.models import ImportRun
from samsyn.history.reading import file_rows

PERMISSION = "deviations.import_history"
# The rows a report keeps to show (all are counted).
ROWS_KEPT = 1000
NEW, DUPLICATE, WRONG = "new", "duplicate", "wrong"
ALREADY_THERE = _("Already in Samsyn (the same id from the same source): not imported again.")
TWICE_IN_FILE = _("The same id appears earlier in the file: imported once.")
PROGRESS_EVERY = 100
# Every so many rows the trail's events of the imported cases are saved (audit_flush), so a
# 200,000-row import does not hold 200,000 events in memory until its commit.
AUDIT_FLUSH_EVERY = 1000


@dataclass
class RowOutcome:
    number: int  # the row of the file (the headers are row 1)
    source_id: str
    outcome: str  # NEW | DUPLICATE | WRONG
    messages: list[str]


@dataclass
class ImportReport:
    dry_run: bool = True
    total: int = 0
    new: int = 0
    duplicates: int = 0
    wrong: int = 0
    file_problems: list[str] = field(default_factory=list)
    # The first rows, and the first wrong rows (so none hides after the first thousand).
    rows: list[RowOutcome] = field(default_factory=list)
    wrong_rows: list[RowOutcome] = field(default_factory=list)
    imported: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.file_problems or self.wrong)

    def as_json(self) -> dict:
        """What the run keeps: every text with any personal identity number redacted (a
        source id, a value echoed in a message), since the report outlives the file."""
        return _redacted(asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        if not data:
            return cls()
        rows = {k: [RowOutcome(**r) for r in data.get(k, [])] for k in ("rows", "wrong_rows")}
        return cls(**{**data, **rows})


def _redacted(value):
    if isinstance(value, str):
        return personal_numbers_redact(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    return value


COUNTERS = {NEW: "new", DUPLICATE: "duplicates", WRONG: "wrong"}


def _count(report: ImportReport, row: RowOutcome) -> None:
    report.total += 1
    counter = COUNTERS[row.outcome]
    setattr(report, counter, getattr(report, counter) + 1)
    if len(report.rows) < ROWS_KEPT:
        report.rows.append(row)
    if row.outcome == WRONG and len(report.wrong_rows) < ROWS_KEPT:
        report.wrong_rows.append(row)


def _messages(errors: dict) -> list[str]:
    """Field errors of the case as "<column header>: message"."""
    out = []
    for name, message in errors.items():
        messages = message if isinstance(message, list) else [message]
        header = BY_KEY[name].header if name in BY_KEY else ""
        out += [f"{header}: {m}" if header else str(m) for m in messages]
    return out


def _already_there(case) -> bool:
    if case.import_source == SAMSYN_SOURCE:
        # A case reported in Samsyn, exported and read back: its id is its case number.
        number = case.source_id.rpartition("-")[2]
        return number.isdigit() and Deviation.objects.filter(pk=int(number)).exists()
    return (
        deviation_imported_before(import_source=case.import_source, source_id=case.source_id)
        is not None
    )


def _row(*, actor, reader, number, row, seen, dry_run) -> RowOutcome:
    case, problems, notes = reader.case_from(row)
    ids_seen = seen.setdefault(case.import_source.casefold(), set())
    outcome = RowOutcome(number, case.source_id, WRONG, problems)
    if problems:
        return outcome
    if case.source_id in ids_seen:
        return RowOutcome(number, case.source_id, DUPLICATE, [gettext(TWICE_IN_FILE)])
    if _already_there(case):
        return RowOutcome(number, case.source_id, DUPLICATE, [gettext(ALREADY_THERE)])
    errors = deviation_import_problems(actor=actor, case=case)
    if not errors and not dry_run:
        try:
            deviation_import(actor=actor, case=case)
        except ValidationError as error:
            errors = error.message_dict
    if errors:
        return RowOutcome(number, case.source_id, WRONG, _messages(errors))
    ids_seen.add(case.source_id)
    return RowOutcome(number, case.source_id, NEW, notes)


def history_import(
    *,
    actor,
    profile,
    file,
    name: str,
    dry_run: bool,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Read the file with the profile's mapping; import it whole, or (dry run) only say what
    would be imported and what is wrong, row by row."""
    if not can(actor, PERMISSION, profile):
        raise PermissionDenied
    report = ImportReport(dry_run=dry_run)
    try:
        headers, rows = file_rows(file, name)
    except ValidationError as error:
        report.file_problems = error.messages
        return report
    reader = RowReader(profile)
    if problems := reader.missing_columns(headers):
        report.file_problems = problems
        return report
    try:
        _import_rows(
            actor=actor,
            profile=profile,
            reader=reader,
            rows=rows,
            report=report,
            name=name,
            progress=progress,
        )
    except ValidationError as error:  # a row the file's reader could not read: nothing kept
        report.file_problems = error.messages
        report.imported = False
    if progress:
        progress(report)
    return report


def _import_rows(*, actor, profile, reader, rows, report, name, progress) -> None:  # noqa: PLR0913
    """Every row in one transaction, rolled back on a dry run or a wrong row."""
    dry_run = report.dry_run
    # The ids read so far, by source (the one thing kept per row: a row twice in the file).
    seen: dict[str, set[str]] = {}
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            outcome = _row(
                actor=actor, reader=reader, number=number, row=row, seen=seen, dry_run=dry_run
            )
            _count(report, outcome)
            if report.total % AUDIT_FLUSH_EVERY == 0:
                audit_flush()
            if progress and report.total % PROGRESS_EVERY == 0:
                progress(report)
        if dry_run or report.refused:
            transaction.set_rollback(True)
        else:
            report.imported = True
            audit_record(
                actor=actor,
                action="history.import.run",
                target=profile,
                data={"file": name, "new": report.new, "duplicates": report.duplicates},
            )


# ---------------------------------------------------------------- the administrator's page

ALREADY_RUN = _(
    "This file is being imported or has been already. To import it again, upload it and check it."
)
NOT_CHECKED_CLEAN = _("The dry run found rows that are wrong: correct the file and check it again.")
PROGRESS_SECONDS = 3600


def progress_key(run_id: int) -> str:
    return f"history-import-progress-{run_id}"


def import_run_check(*, actor, profile, upload) -> ImportRun:
    """Keep the uploaded file and dry-run it: the report says row by row what would happen."""
    if not can(actor, PERMISSION, profile):
        raise PermissionDenied
    run = ImportRun(
        profile=profile,
        file_name=upload.name[:200],
        started_by=actor.user,
        state=ImportRun.State.CHECKED,
    )
    run.file.save(upload.name, upload, save=False)
    with run.file.open("rb") as file:
        report = history_import(
            actor=actor, profile=profile, file=file, name=upload.name, dry_run=True
        )
    run.report = report.as_json()
    if report.refused:
        _file_forget(run)  # it can never be imported: nothing of it is kept
    run.save()
    return run


def _file_forget(run: ImportRun) -> None:
    """The uploaded file goes once it cannot be imported or has been: it may hold what the
    import refused (a personal identity number in a column) or columns Samsyn never reads."""
    if run.file:
        run.file.delete(save=False)


def import_run_import(*, actor, run: ImportRun) -> ImportRun:
    """Import a checked file whole, or nothing; the page shows how far it has come."""
    if not can(actor, PERMISSION, run.profile):
        raise PermissionDenied
    if ImportReport.from_json(run.report).refused:
        raise ValidationError(NOT_CHECKED_CLEAN)
    # Claimed by one request only: the same button pressed twice imports once.
    claimed = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.CHECKED).update(
        state=ImportRun.State.RUNNING
    )
    if not claimed:
        raise ValidationError(ALREADY_RUN)
    key = progress_key(run.pk)

    def progress(report: ImportReport) -> None:
        cache.set(key, report.total, PROGRESS_SECONDS)

    try:
        with run.file.open("rb") as file:
            report = history_import(
                actor=actor,
                profile=run.profile,
                file=file,
                name=run.file_name,
                dry_run=False,
                progress=progress,
            )
    except BaseException:
        ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.CHECKED)
        raise
    run.report = report.as_json()
    run.state = ImportRun.State.IMPORTED if report.imported else ImportRun.State.REFUSED
    _file_forget(run)
    run.save(update_fields=["report", "state", "file"])
    return run


def import_run_progress(run: ImportRun) -> dict:
    total = ImportReport.from_json(run.report).total
    return {"done": min(cache.get(progress_key(run.pk)) or 0, total), "total": total}
