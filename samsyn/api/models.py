"""Personal API tokens and the idempotency keys of creating requests (issue 21)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number


class ApiToken(models.Model):
    """A person's token for their own system: acts with exactly that person's permissions.

    Only a SHA-256 of the secret is kept; the secret is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_personal_identity_number])
    prefix = models.CharField(_("beginning"), max_length=12)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active


class IdempotencyKey(models.Model):
    """The first answer to a creating request sent with an `Idempotency-Key` header.

    Kept in the database so that every app server agrees; a row without a status is a
    request still in flight. Rows expire after `API_IDEMPOTENCY_TTL` seconds.
    Webhook deliveries and the import can keep their keys here too (`scope` tells them apart).
    """

    scope = models.CharField(max_length=150)  # who sent it: "user:<id>"
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # HMAC-SHA256 of method, path and body
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="api_idempotency_key_once")
        ]

    def __str__(self):
        return f"{self.scope}: {self.key}"


class RateWindow(models.Model):
    """How many API requests a token (or a signed-in person) has sent in the current window of
    `API_RATE_LIMIT`: one row per token, counted up by one statement per request
    (`api_rate_count`), started again at 1 when a new window begins."""

    key = models.CharField(max_length=200, primary_key=True)
    window = models.BigIntegerField()  # seconds since the epoch // the window's length
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.key}: {self.count}"
