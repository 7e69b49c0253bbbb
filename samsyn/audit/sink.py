"""The audit chain's head leaves the building: written to a sink outside the database (a file
on other storage, and/or syslog), so that rewriting or truncating the chain inside the
database is detected even by someone who holds the chain's key (decision 0003).

AUDIT_HEAD_SINK names where: a file path (one JSON line per export, appended; audit_verify
reads the last one), `syslog` (the local syslog socket, to be forwarded off the machine), or
both separated by a comma. `manage.py audit_head_export` writes it (daily, and on demand);
`manage.py audit_verify` checks the trail against the last exported head.
"""

import json
import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from samsyn.audit.models import AuditEvent

SYSLOG = "syslog"
SYSLOG_SOCKET = "/dev/log"


@dataclass(frozen=True)
class ExportedHead:
    event_id: int
    hash: str
    events: int
    exported_at: str

    def as_json(self) -> str:
        return json.dumps(
            {
                "exported_at": self.exported_at,
                "event_id": self.event_id,
                "hash": self.hash,
                "events": self.events,
            },
            sort_keys=True,
        )


def _targets() -> list[str]:
    return [t.strip() for t in (settings.AUDIT_HEAD_SINK or "").split(",") if t.strip()]


def sink_file() -> Path | None:
    files = [t for t in _targets() if t != SYSLOG]
    return Path(files[0]) if files else None


def audit_head_current() -> ExportedHead | None:
    last = AuditEvent.objects.order_by("-id").values("id", "hash").first()
    if last is None:
        return None
    return ExportedHead(
        event_id=last["id"],
        hash=last["hash"],
        events=AuditEvent.objects.count(),
        exported_at=timezone.now().isoformat(timespec="seconds"),
    )


def _syslog(line: str) -> None:
    logger = logging.getLogger("samsyn.audit.head")
    handler = logging.handlers.SysLogHandler(
        address=SYSLOG_SOCKET, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV
    )
    try:
        logger.addHandler(handler)
        logger.warning("samsyn-audit-head %s", line)
    finally:
        logger.removeHandler(handler)
        handler.close()


def audit_head_export() -> ExportedHead | None:
    """Write the head of the chain (newest event's id and hash, and the count) to the sink."""
    targets = _targets()
    if not targets:
        raise ImproperlyConfigured("AUDIT_HEAD_SINK is not set: name a file outside the database")
    head = audit_head_current()
    if head is None:
        return None
    line = head.as_json()
    for target in targets:
        if target == SYSLOG:
            _syslog(line)
            continue
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as sink:
            sink.write(line + "\n")
            sink.flush()
            os.fsync(sink.fileno())
    return head


def audit_head_last_exported() -> ExportedHead | None:
    """The last head written to the sink's file (None when there is no file or no line)."""
    path = sink_file()
    if path is None or not path.exists():
        return None
    last = None
    with path.open(encoding="utf-8") as sink:
        for line in sink:
            if line.strip():
                last = line
    if last is None:
        return None
    data = json.loads(last)
    return ExportedHead(
        event_id=int(data["event_id"]),
        hash=str(data["hash"]),
        events=int(data["events"]),
        exported_at=str(data["exported_at"]),
    )


def audit_head_parse(text: str) -> ExportedHead:
    """`<event id>:<hash>`, as read from syslog, for audit_verify --head."""
    event_id, _, hash_ = text.partition(":")
    return ExportedHead(event_id=int(event_id), hash=hash_, events=0, exported_at="")


def audit_head_matches(head: ExportedHead) -> bool:
    """Does the trail still hold the exported head (same event, same hash)? The chain walk
    (audit_chain_verify) proves everything before it; together: nothing before the export
    was rewritten, and nothing up to it was cut off."""
    return AuditEvent.objects.filter(pk=head.event_id, hash=head.hash).exists()
