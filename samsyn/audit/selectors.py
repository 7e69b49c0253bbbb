"""Reading the audit trail."""

from django.db.models import QuerySet

from samsyn.audit.models import AuditEvent
from samsyn.audit.services import GENESIS_HASH, event_hash


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
