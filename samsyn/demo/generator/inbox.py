"""Notifications in people's inboxes, as notify() writes them, for the recent weeks only:
older ones would long since have been read and matter to nobody's start page."""

from samsyn.core.models import Notification


class Inbox:
    COLUMNS = ["id", "user_id", "created_at", "subject", "body", "url", "read_at", "emailed_at"]

    def __init__(self, writer, clock, *, now: int, days: int, rng):
        self.table = writer.table(Notification, self.COLUMNS)
        self.since = now - days * 86_400
        self.now = now
        self.ts = clock.ts
        self.rng = rng

    def covers(self, at: int) -> bool:
        return at >= self.since

    def add(self, *, at: int, people, subject: str, body: str, url: str) -> None:
        table, random, ts = self.table, self.rng.random, self.ts
        created = ts(at)
        for user_id in sorted({p.user_id for p in people}):
            read_at = None
            if self.now - at > 3 * 86_400 and random() < 0.85:
                read_at = ts(min(at + 3600 * (1 + int(random() * 48)), self.now))
            # The e-mail copy went out when it happened; the history is not news again.
            table.add(
                (table.new_id(), user_id, created, subject[:200], body, url, read_at, created)
            )
