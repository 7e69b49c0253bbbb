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

from samsyn.audit.services import audit_changes, audit_flush, audit_record
from samsyn.core.access import as_actor, can, grant_for
from samsyn.core.privacy import personal_numbers_redact
from samsyn.core.services import saved_unless_taken
from samsyn.deviations.models import Deviation
from samsyn.deviations.services import (
    deviation_import_many,
    deviation_import_problems,
    deviations_imported_before,
)
from samsyn.history.layout import BY_KEY, SAMSYN_SOURCE
from samsyn.history.mapping import RowReader
from samsyn.history.models import ColumnMapping, ImportProfile, ImportRun, ValueMapping
from samsyn.history.reading import file_rows

PERMISSION = "deviations.import_history"
# The rows a report keeps to show (all are counted).
ROWS_KEPT = 1000
NEW, DUPLICATE, WRONG = "new", "duplicate", "wrong"
ALREADY_THERE = _("Already in Samsyn (the same id from the same source): not imported again.")
TWICE_IN_FILE = _("The same id appears earlier in the file: imported once.")
PROGRESS_EVERY = 100
# The rows read, checked and imported at once (one look-up of the ids there before, one insert
# of the new cases); after each batch the trail's events of its cases are saved (audit_flush),
# so a 200,000-row import does not hold 200,000 events in memory until its commit.
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


def _there_before(cases) -> set[tuple[str, str]]:
    """Of a batch's cases, those in Samsyn already, as (source, id): one query per source.
    A case of Samsyn itself, exported and read back, has its case number as its id."""
    by_source: dict[str, set[str]] = {}
    for case in cases:
        by_source.setdefault(case.import_source, set()).add(case.source_id)
    there = set()
    for source, ids in by_source.items():
        if source == SAMSYN_SOURCE:
            numbers = {i: int(n) for i in ids if (n := i.rpartition("-")[2]).isdigit()}
            found = set(
                Deviation.objects.filter(pk__in=set(numbers.values())).values_list("pk", flat=True)
            )
            there |= {(source, i) for i, n in numbers.items() if n in found}
        else:
            found = deviations_imported_before(import_source=source, source_ids=ids)
            there |= {(source, i.strip()) for i in found}
    return there


@dataclass
class _Run:
    """What one run keeps while it reads: the profile's reader, the ids read so far by source
    (the one thing kept per row: a row twice in the file), the document checks made."""

    actor: object
    reader: RowReader
    dry_run: bool
    seen: dict[str, set[str]] = field(default_factory=dict)
    governed: dict = field(default_factory=dict)


def _batch(run: _Run, rows: list[tuple[int, dict]]) -> list[RowOutcome]:
    """A batch of rows read, checked and (unless a dry run) imported: the look-ups, the ids
    there before and the writes once per batch, not once per row."""
    read = [(number, *run.reader.case_from(row)) for number, row in rows]
    there = _there_before([case for _n, case, problems, _notes in read if not problems])
    outcomes, new = [], []
    for number, case, problems, notes in read:
        ids_seen = run.seen.setdefault(case.import_source.casefold(), set())
        if problems:
            outcome = RowOutcome(number, case.source_id, WRONG, problems)
        elif case.source_id in ids_seen:
            outcome = RowOutcome(number, case.source_id, DUPLICATE, [gettext(TWICE_IN_FILE)])
        elif (case.import_source, case.source_id.strip()) in there:
            outcome = RowOutcome(number, case.source_id, DUPLICATE, [gettext(ALREADY_THERE)])
        elif errors := deviation_import_problems(actor=run.actor, case=case):
            outcome = RowOutcome(number, case.source_id, WRONG, _messages(errors))
        else:
            ids_seen.add(case.source_id)
            outcome = RowOutcome(number, case.source_id, NEW, notes)
            new.append(case)
        outcomes.append(outcome)
    if new and not run.dry_run:
        deviation_import_many(actor=run.actor, cases=new, governed=run.governed)
    return outcomes


def _batches(rows, size: int):
    batch = []
    for number, row in enumerate(rows, start=2):
        batch.append((number, row))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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
    would be imported and what is wrong, row by row. Rows go a batch at a time (the trail's
    events saved after each batch): a few queries a batch, not a few a row."""
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
    run = _Run(actor=actor, reader=reader, dry_run=dry_run)
    try:
        _import_rows(
            run=run, profile=profile, rows=rows, report=report, name=name, progress=progress
        )
    except ValidationError as error:  # a row the file's reader could not read: nothing kept
        report.file_problems = error.messages
        report.imported = False
    if progress:
        progress(report)
    return report


def _import_rows(*, run, profile, rows, report, name, progress) -> None:
    """Every row in one transaction, a batch at a time (the trail's events saved after each);
    rolled back on a dry run or a wrong row."""
    actor, dry_run = run.actor, report.dry_run
    with transaction.atomic():
        for batch in _batches(rows, AUDIT_FLUSH_EVERY):
            for outcome in _batch(run, batch):
                _count(report, outcome)
                if progress and report.total % PROGRESS_EVERY == 0:
                    progress(report)
            audit_flush()
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


# --- import profiles: how an old system's export is read (kept in the app, issue 23 item 4) ---

PROFILE_NOT_YOURS = _("Only the county's administrators keep its import profiles.")
PROFILE_NAME_TAKEN = _("The county already has a profile for this system.")
COLUMN_NAMED_TWICE = _("The column “{column}” is already mapped to “{header}”.")


def _keeps_profiles(actor, county_id) -> None:
    if county_id not in grant_for(actor, PERMISSION).county_ids:
        raise PermissionDenied(PROFILE_NOT_YOURS)


@transaction.atomic
def import_profile_save(*, actor, profile: ImportProfile, name: str) -> ImportProfile:
    """Add an import profile of the county (unsaved `profile`) or rename one: the old
    system's name, shown on every case imported with it."""
    actor = as_actor(actor)
    _keeps_profiles(actor, profile.county_id)
    name = (name or "").strip()
    others = ImportProfile.objects.filter(county_id=profile.county_id, name__iexact=name)
    if others.exclude(pk=profile.pk).exists():
        raise ValidationError({"name": PROFILE_NAME_TAKEN})
    adding = profile.pk is None
    before = {} if adding else {"name": profile.name}
    profile.name = name
    profile.full_clean(validate_constraints=False)
    saved_unless_taken(profile.save, field="name", message=PROFILE_NAME_TAKEN)
    if before != {"name": profile.name}:
        audit_record(
            actor=actor,
            action="history.profile.added" if adding else "history.profile.renamed",
            target=profile,
            data=audit_changes(before=before, after={"name": profile.name}),
        )
    return profile


@transaction.atomic
def import_profile_columns_save(*, actor, profile: ImportProfile, columns: dict) -> None:
    """Set which of the old system's columns holds each column of the layout: {layout key:
    the old system's header}; an empty header means the layout's own (the mapping goes)."""
    actor = as_actor(actor)
    _keeps_profiles(actor, profile.county_id)
    wanted = {key: (columns.get(key) or "").strip() for key in BY_KEY}
    seen: dict[str, str] = {}
    for key, column in wanted.items():
        if not column:
            continue
        if column.casefold() in seen:
            header = BY_KEY[seen[column.casefold()]].header
            raise ValidationError({key: COLUMN_NAMED_TWICE.format(column=column, header=header)})
        seen[column.casefold()] = key
    existing = {m.field: m for m in profile.columns.select_for_update()}
    before = {key: m.column for key, m in existing.items()}
    for key, column in wanted.items():
        mapping = existing.get(key)
        if not column:
            if mapping is not None:
                mapping.delete()
        elif mapping is None:
            mapping = ColumnMapping(profile=profile, field=key, column=column)
            mapping.full_clean(validate_constraints=False)
            mapping.save()
        elif mapping.column != column:
            mapping.column = column
            mapping.full_clean(validate_constraints=False)
            mapping.save(update_fields=["column"])
    after = {key: column for key, column in wanted.items() if column}
    if before != after:
        audit_record(
            actor=actor,
            action="history.profile.columns_changed",
            target=profile,
            data=audit_changes(before=before, after=after),
        )


@transaction.atomic
def value_mapping_save(
    *, actor, profile: ImportProfile, kind: str, source_value: str, target: str
) -> ValueMapping:
    """Say what one of the old system's words means in Samsyn (an empty target: "not
    recorded"). A word of that kind already mapped gets the new target, so sending the form
    twice keeps one row."""
    actor = as_actor(actor)
    _keeps_profiles(actor, profile.county_id)
    source_value, target = (source_value or "").strip(), (target or "").strip()
    mapping = (
        profile.values.select_for_update()
        .filter(kind=kind, source_value__iexact=source_value)
        .first()
    )
    adding = mapping is None
    mapping = mapping or ValueMapping(profile=profile, kind=kind, source_value=source_value)
    before = {} if adding else {"target": mapping.target}
    mapping.target = target
    mapping.full_clean(validate_constraints=False)
    mapping.save()
    if before != {"target": target}:
        audit_record(
            actor=actor,
            action="history.value_mapping.saved",
            target=profile,
            data={
                "kind": kind,
                "source_value": source_value,
                **audit_changes(before=before, after={"target": target}),
            },
        )
    return mapping


@transaction.atomic
def value_mapping_remove(*, actor, mapping: ValueMapping) -> None:
    """Forget a word's mapping: the next file's word is looked up by Samsyn's own names."""
    actor = as_actor(actor)
    _keeps_profiles(actor, mapping.profile.county_id)
    data = {"kind": mapping.kind, "source_value": mapping.source_value, "target": mapping.target}
    mapping.delete()
    audit_record(
        actor=actor, action="history.value_mapping.removed", target=mapping.profile, data=data
    )
