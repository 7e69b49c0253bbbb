"""The audit trail: append-only and hash-chained (each row's HMAC covers its content and the
previous row's hash, with a key from the environment; see samsyn/audit/keys.py).

Append-only for the application: saving an existing row, deleting a row and queryset
update/delete all raise AppendOnlyError; on PostgreSQL triggers refuse UPDATE and DELETE
(migration 0003) and TRUNCATE (migration 0004) in the database too. Users are PROTECTed:
deactivate people, never delete them, so the trail keeps naming who did what.
"""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.audit.keys import audit_key_version_current


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of the audit trail or read log."""


# For developers (an exception, never shown as a message): English, not translated.
APPEND_ONLY_REFUSED = "The audit trail and the read log may only grow, never change or shrink."


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_REFUSED)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY_REFUSED)

    # bulk_update and update_or_create go through update()/save() and are refused there.


class AppendOnlyModel(models.Model):
    """A row that may be inserted once and never changed or deleted by the application."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        # Related-object collection (cascades) goes through the base manager: refuse there too.
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY_REFUSED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY_REFUSED)


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(_("time"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too: the trail must stay readable when a user or provider is removed.
    username = models.CharField(_("user"), max_length=150, blank=True)
    provider_name = models.CharField(_("care provider"), max_length=150, blank=True)
    roles = models.CharField(_("roles"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    # Whose review the event falls under: the county of the object (or of the actor).
    county = models.ForeignKey(
        "parties.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which AUDIT_HMAC_KEYS key signed this row (the key itself is never stored).
    key_version = models.PositiveSmallIntegerField(
        _("key version"), default=audit_key_version_current
    )

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.username}"


class AuditChainHead(models.Model):
    """One row, locked while an event is appended, so inserts are serialised on any database."""

    last_hash = models.CharField(max_length=64)

    def __str__(self):
        return self.last_hash


class CaseIdsField(models.Field):
    """The ids of the cases an export held: an integer array (bigint[]) on PostgreSQL (with a
    GIN index, migration 0007), JSON text on SQLite. `case_ids__includes=<id>` finds the
    exports that held a case, on either database."""

    def db_type(self, connection):
        # bigint: case ids are BigAutoField (DEFAULT_AUTO_FIELD).
        return "bigint[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        ids = [int(v) for v in value]
        return ids if connection.vendor == "postgresql" else json.dumps(ids)


class CaseIdsOf(models.Subquery):
    """The ids a queryset selects, as a CaseIdsField value computed by the database: an export
    of a county logs half a million ids without taking them through the worker's memory."""

    def __init__(self, queryset):
        super().__init__(
            queryset.order_by().values(case_id=models.F("pk")), output_field=CaseIdsField()
        )

    def as_postgresql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        return f"ARRAY{sql}", params

    def as_sql(self, compiler, connection, **kwargs):
        sql, params = super().as_sql(compiler, connection, **kwargs)
        # `sql` is the compiled subquery; its values travel as parameters.
        return f"(SELECT json_group_array(ids.case_id) FROM {sql} ids)", params  # noqa: S608


@CaseIdsField.register_lookup
class CaseIdsIncludes(models.Lookup):
    lookup_name = "includes"

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [int(value)])

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> ARRAY[{rhs}]::bigint[]", [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            # lhs is the column, rhs a placeholder: the value travels as a parameter.
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})",  # noqa: S608
            [*lhs_params, *rhs_params],
        )


class ReadEvent(AppendOnlyModel):
    """Who read which case, when and through which door: the read log patient data law asks for."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        EXPORT = "export", _("Export")
        API = "api", _("API")

    at = models.DateTimeField(_("time"), db_index=True)
    # Looked up by the index (user, -at) below: none of its own (0031).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("user"), max_length=150)
    provider_name = models.CharField(_("care provider"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    county = models.ForeignKey(
        "parties.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # An export is one row holding the ids of every case in the file (issue 16), not a row per
    # case: the review still answers "who read or exported case X".
    case_ids = CaseIdsField(_("exported cases"), null=True, blank=True, editable=False)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("read event")
        verbose_name_plural = _("read log")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]

    def __str__(self):
        return _("{at} {username} read {object_type} {object_id}").format(
            at=f"{self.at:%Y-%m-%d %H:%M}",
            username=self.username,
            object_type=self.object_type,
            object_id=self.object_id,
        )
