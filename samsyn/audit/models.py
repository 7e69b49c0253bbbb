"""The audit trail: append-only and hash-chained (each row hashes its content + previous hash).

Append-only for the application: saving an existing row, deleting a row and queryset
update/delete all raise AppendOnlyError; on PostgreSQL a trigger (migration 0003) refuses
UPDATE and DELETE in the database too. Users are PROTECTed: deactivate people, never delete
them, so the trail keeps naming who did what.
"""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of the audit trail or read log."""


APPEND_ONLY_REFUSED = (
    "Granskningsloggen och läsloggen får bara utökas, aldrig ändras eller raderas."
)


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
    at = models.DateTimeField("tidpunkt", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too: the trail must stay readable when a user or provider is removed.
    username = models.CharField("användare", max_length=150, blank=True)
    provider_name = models.CharField("vårdgivare", max_length=150, blank=True)
    roles = models.CharField("roller", max_length=200, blank=True)
    action = models.CharField("händelse", max_length=100, db_index=True)
    object_type = models.CharField("objekttyp", max_length=100, blank=True)
    object_id = models.CharField("objekt-id", max_length=64, blank=True)
    data = models.JSONField("data", default=dict, blank=True)
    # Whose review the event falls under: the county of the object (or of the actor).
    county = models.ForeignKey(
        "parties.County",
        verbose_name="län",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = "granskningshändelse"
        verbose_name_plural = "granskningslogg"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.username}"


class AuditChainHead(models.Model):
    """One row, locked while an event is appended, so inserts are serialised on any database."""

    last_hash = models.CharField(max_length=64)

    def __str__(self):
        return self.last_hash


class ReadEvent(AppendOnlyModel):
    """Who read which case, when and through which door: the read log patient data law asks for."""

    class Channel(models.TextChoices):
        PAGE = "page", "Sida"
        EXPORT = "export", "Export"
        API = "api", "API"

    at = models.DateTimeField("tidpunkt", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    username = models.CharField("användare", max_length=150)
    provider_name = models.CharField("vårdgivare", max_length=150, blank=True)
    channel = models.CharField("kanal", max_length=10, choices=Channel.choices)
    object_type = models.CharField("objekttyp", max_length=100)
    object_id = models.CharField("objekt-id", max_length=64, blank=True)
    detail = models.CharField("detalj", max_length=300, blank=True)
    county = models.ForeignKey(
        "parties.County",
        verbose_name="län",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(AppendOnlyModel.Meta):
        verbose_name = "läshändelse"
        verbose_name_plural = "läslogg"
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} läste {self.object_type} {self.object_id}"
