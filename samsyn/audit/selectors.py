"""Reading the audit trail and the read log."""

import datetime
import hmac
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.audit.keys import audit_keys
from samsyn.audit.models import AuditChainHead, AuditEvent, ReadEvent
from samsyn.audit.services import GENESIS_HASH, event_hash
from samsyn.core.access import can, grant_for
from samsyn.core.selectors import ORDER_REMIND

REVIEW_PERMISSION = "audit.review"


def audit_events_for(*, target) -> QuerySet[AuditEvent]:
    """The history of one object, oldest first."""
    return AuditEvent.objects.filter(
        object_type=target._meta.label_lower, object_id=str(target.pk)
    ).order_by("id")


def case_trail_url(actor, case) -> str:
    """The audit trail filtered on one case, for those who review the log; "" for others. The
    case page's folded history links to it (issue 24)."""
    if not can(actor, REVIEW_PERMISSION):
        return ""
    return f"{reverse('audit:trail')}?{urlencode({'object_id': case.reference})}"


@dataclass
class ChainReport:
    count: int
    first_broken: AuditEvent | None
    # The head row remembers the newest hash: if the newest events were removed, it disagrees.
    tail_missing: bool
    # The key versions the chain was checked with (up to and including the first broken row).
    key_versions: list[int] = field(default_factory=list)
    # Set when the first broken event names a key version that AUDIT_HMAC_KEYS lacks.
    missing_key_version: int | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.tail_missing


def audit_chain_verify() -> ChainReport:
    """Check every link of the trail and that its end matches the remembered head.

    A row is broken when its `prev_hash` is not the previous row's hash, when its key version
    is not configured, or when its HMAC does not match (changed, moved, re-linked or
    recomputed without the key).
    """
    keys = audit_keys()
    prev, count, versions = GENESIS_HASH, 0, set()

    def report(**kwargs):
        return ChainReport(count=count, key_versions=sorted(versions), **kwargs)

    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.key_version not in keys:
            return report(
                first_broken=event, tail_missing=False, missing_key_version=event.key_version
            )
        versions.add(event.key_version)
        if event.prev_hash != prev or not hmac.compare_digest(event_hash(event), event.hash):
            return report(first_broken=event, tail_missing=False)
        prev = event.hash
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    return report(first_broken=None, tail_missing=head is not None and head.last_hash != prev)


def _in_review_scope(actor) -> Q | None:
    """County administrators review their own counties; rows without a county are shown to all."""
    grant = grant_for(actor, REVIEW_PERMISSION)
    if not grant:
        return None
    return Q(county_id__in=grant.county_ids) | Q(county__isnull=True)


def _period(qs: QuerySet, date_from: datetime.date | None, date_to: datetime.date | None):
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz))
    if date_to:
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tz)
        qs = qs.filter(at__lt=end)
    return qs


def read_events_for_review(
    *,
    actor,
    username: str = "",
    provider: str = "",
    object_type: str = "",
    object_id: str = "",
    channel: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[ReadEvent]:
    """The read log a county administrator reviews, newest first (patient data law)."""
    scope = _in_review_scope(actor)
    if scope is None:
        return ReadEvent.objects.none()
    # An export's row holds every exported case id (up to a county's): the review shows its
    # detail, never the ids, so they are not read (a filter by case number still uses them).
    qs = ReadEvent.objects.filter(scope).defer("case_ids")
    if username:
        qs = qs.filter(username__iexact=username.strip())
    if provider:
        qs = qs.filter(provider_name__icontains=provider.strip())
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(_read_of(object_id.strip()))
    if channel:
        qs = qs.filter(channel=channel)
    return _period(qs, date_from, date_to).order_by(*READ_LOG_ORDERING)


BIGGEST_ID = 2**63 - 1  # a longer number (a personnummer typed by mistake) is no case id


def _read_of(object_id: str) -> Q:
    """Reads of one object: its page and API reads, and the exports that held it."""
    q = Q(object_id=object_id)
    if object_id.isdigit() and int(object_id) <= BIGGEST_ID:
        q |= Q(case_ids__includes=int(object_id))
    return q


READ_LOG_ORDERING = ("-at", "-id")
# The trail is in the order of its hash chain, newest first.
TRAIL_ORDERING = ("-id",)


def audit_events_for_review(
    *,
    actor,
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail as county administrators search it, newest first."""
    scope = _in_review_scope(actor)
    if scope is None:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(scope)
    if username:
        qs = qs.filter(username__iexact=username.strip())
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id.strip())
    if action:
        qs = qs.filter(action__startswith=action.strip())
    return _period(qs, date_from, date_to).order_by(*TRAIL_ORDERING)


def object_types_logged() -> list[str]:
    """The object types that occur in the logs, for the filter menus."""
    types = _distinct(ReadEvent, "object_type") | _distinct(AuditEvent, "object_type")
    return sorted(t for t in types if t)


def _distinct(model, column: str) -> set[str]:
    """The distinct values of an indexed column, one index probe per value (a "loose index
    scan"): the logs hold millions of rows and a handful of object types, and DISTINCT would
    read them all on every review page (issue 16)."""
    quote = connection.ops.quote_name
    table, col = quote(model._meta.db_table), quote(column)
    # Our own table and column names, quoted; no value from outside reaches the text.
    sql = f"""
        WITH RECURSIVE found(v) AS (
            SELECT MIN({col}) FROM {table}
            UNION ALL
            SELECT (SELECT MIN({col}) FROM {table} WHERE {col} > found.v)
            FROM found WHERE found.v IS NOT NULL
        )
        SELECT v FROM found WHERE v IS NOT NULL
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0] for row in cursor.fetchall()}


def audit_start_sections(actor) -> list[dict]:
    """Start page: county administrators are reminded to review the read log."""
    if not grant_for(actor, REVIEW_PERMISSION):
        return []
    week_ago = timezone.localdate() - datetime.timedelta(days=6)
    reads = read_events_for_review(actor=actor, date_from=week_ago).count()
    return [
        {
            "title": _("Review the logs"),
            "text": ngettext(
                "{n} read of a case in the last seven days. The patient data act requires "
                "access to be reviewed regularly.",
                "{n} reads of cases in the last seven days. The patient data act requires "
                "access to be reviewed regularly.",
                reads,
            ).format(n=reads),
            "order": ORDER_REMIND,
            "links": [
                (_("Read log"), reverse("audit:read_log")),
                (_("Audit trail (changes)"), reverse("audit:trail")),
            ],
        }
    ]
