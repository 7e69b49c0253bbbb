"""Reading the audit trail and the read log."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from samsyn.audit.models import AuditChainHead, AuditEvent, ReadEvent
from samsyn.audit.services import GENESIS_HASH, event_hash
from samsyn.core.access import grant_for

REVIEW_PERMISSION = "audit.review"


def audit_events_for(*, target) -> QuerySet[AuditEvent]:
    """The history of one object, oldest first."""
    return AuditEvent.objects.filter(
        object_type=target._meta.label_lower, object_id=str(target.pk)
    ).order_by("id")


def audit_chain_first_broken() -> AuditEvent | None:
    """Walk the chain in order; return the first event whose hash or link does not hold."""
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev or event_hash(event) != event.hash:
            return event
        prev = event.hash
    return None


@dataclass
class ChainReport:
    count: int
    first_broken: AuditEvent | None
    # The head row remembers the newest hash: if the newest events were removed, it disagrees.
    tail_missing: bool

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.tail_missing


def audit_chain_verify() -> ChainReport:
    """Check every link of the trail and that its end matches the remembered head."""
    prev, count = GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev or event_hash(event) != event.hash:
            return ChainReport(count=count, first_broken=event, tail_missing=False)
        prev = event.hash
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    tail_missing = head is not None and head.last_hash != prev
    return ChainReport(count=count, first_broken=None, tail_missing=tail_missing)


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
    """The read log a county administrator reviews, newest first (patient data law, issue 8)."""
    scope = _in_review_scope(actor)
    if scope is None:
        return ReadEvent.objects.none()
    qs = ReadEvent.objects.filter(scope)
    if username:
        qs = qs.filter(username__iexact=username.strip())
    if provider:
        qs = qs.filter(provider_name__icontains=provider.strip())
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id.strip())
    if channel:
        qs = qs.filter(channel=channel)
    return _period(qs, date_from, date_to).order_by("-at", "-id")


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
    return _period(qs, date_from, date_to).order_by("-id")


def object_types_logged() -> list[str]:
    """The object types that occur in the logs, for the filter menus."""
    types = set(ReadEvent.objects.values_list("object_type", flat=True).distinct())
    types |= set(AuditEvent.objects.values_list("object_type", flat=True).distinct())
    return sorted(t for t in types if t)


def audit_start_sections(actor) -> list[dict]:
    """Start page: county administrators are reminded to review the read log."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not grant_for(actor, REVIEW_PERMISSION):
        return []
    week_ago = timezone.localdate() - datetime.timedelta(days=6)
    reads = read_events_for_review(actor=actor, date_from=week_ago).count()
    return [
        {
            "title": _("Granska loggar"),
            "text": _(
                "%(n)s läsningar av ärenden de senaste sju dagarna. Patientdatalagen kräver "
                "att åtkomsten granskas regelbundet."
            )
            % {"n": reads},
            "items": [],  # always present: the template would otherwise iterate dict.items
            "links": [
                (_("Läslogg"), reverse("audit:read_log")),
                (_("Granskningslogg (ändringar)"), reverse("audit:trail")),
            ],
        }
    ]
