"""Database engines that seal the audit chain at commit (decision 0028).

`samsyn.audit.backends.postgresql` and `samsyn.audit.backends.sqlite3` are Django's own
engines with `AuditChainSealing` mixed in; settings.py names them in DATABASES.
"""


class AuditChainSealing:
    """Collects the transaction's audit events and appends them to the chain just before the
    transaction commits, so the chain's head is locked for the few statements that append them
    and not for the whole service (issue 16: every report queued behind the first one's lock).

    An event recorded in a savepoint that is rolled back is dropped with it, as Django drops
    on_commit callbacks; a rolled-back transaction leaves no event. In a test that runs inside
    TestCase's transaction (which never commits), the events are appended when the outermost
    block of the code under test ends, where production would commit.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit_pending = []  # [(savepoint ids open when recorded, event)]

    def audit_in_transaction(self) -> bool:
        """Inside a transaction that commits later (not only TestCase's blocks)."""
        return self.in_atomic_block and any(not a._from_testcase for a in self.atomic_blocks)

    def audit_defer(self, event) -> None:
        self.audit_pending.append((frozenset(self.savepoint_ids), event))

    def audit_seal(self) -> None:
        """Append the collected events to the chain (in this transaction, under its lock)."""
        if not self.audit_pending:
            return
        from samsyn.audit.services import audit_chain_append

        events = [event for _sids, event in self.audit_pending]
        self.audit_pending = []
        audit_chain_append(events, using=self.alias)

    def commit(self):
        try:
            self.audit_seal()
        except BaseException:
            # Nothing of the transaction may stay without its trail.
            self.rollback()
            raise
        super().commit()

    def savepoint_commit(self, sid):
        if (
            self.audit_pending
            and self.atomic_blocks
            and all(a._from_testcase for a in self.atomic_blocks)
        ):
            # Only TestCase's blocks remain: this is where production would commit.
            try:
                self.audit_seal()
            except BaseException:
                self.savepoint_rollback(sid)
                raise
        super().savepoint_commit(sid)

    def savepoint_rollback(self, sid):
        super().savepoint_rollback(sid)
        self.audit_pending = [(sids, e) for sids, e in self.audit_pending if sid not in sids]

    def rollback(self):
        self.audit_pending = []
        super().rollback()

    def close(self):
        self.audit_pending = []
        super().close()
