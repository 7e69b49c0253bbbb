"""Django's PostgreSQL engine, sealing the audit chain at commit (samsyn/audit/backends)."""

from django.db.backends.postgresql import base

from samsyn.audit.backends import AuditChainSealing


class DatabaseWrapper(AuditChainSealing, base.DatabaseWrapper):
    pass
