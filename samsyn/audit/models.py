"""The audit trail: append-only and hash-chained (each row hashes its content + previous hash)."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("tidpunkt", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
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
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
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
