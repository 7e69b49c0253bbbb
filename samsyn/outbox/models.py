"""The outbox: every message that leaves Samsyn is a row first, written in the transaction of
the change that caused it, and sent from there (decision 0015).

A change that commits has its messages; a change that rolls back has none; a message whose
sending fails stays, is tried again with growing pauses, and once given up is shown to the
county administrators, who can send it again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import CountyWideObject
from samsyn.core.privacy import no_personal_identity_number


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    WEBHOOK = "webhook", _("webhook")


class WebhookEvent(models.TextChoices):
    """What a provider's own system can hear of its cases (issue 21 item 7)."""

    RECEIVED = "deviation.received", _("A new case to the care provider or its unit")
    ANSWER_DUE = "deviation.answer_due", _("An answer is due")
    CLOSED = "deviation.closed", _("A case was closed")


def _https(value: str) -> None:
    from django.core.exceptions import ValidationError

    if not value.lower().startswith("https://"):
        raise ValidationError(_("The address must start with https://."))


class WebhookSubscription(models.Model):
    """A provider's own system that hears of events on the provider's cases: an HTTPS POST
    signed with HMAC-SHA256 over the timestamp and the body (decision "webhook channel")."""

    provider = models.ForeignKey(
        "parties.CareProvider",
        verbose_name=_("care provider"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    name = models.CharField(_("name"), max_length=100, validators=[no_personal_identity_number])
    url = models.URLField(_("address"), max_length=500, validators=[_https])
    events = models.JSONField(_("events"), default=list)
    include_text = models.BooleanField(
        _("send the case's heading and description"),
        default=False,
        help_text=_("Without it only ids, dates, states and provider names are sent."),
    )
    # The shared key of the signature; the provider's system keeps the same one.
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["provider__name", "name"]

    def __str__(self):
        return f"{self.provider}: {self.name}"

    def access_provider_ids(self):
        return [self.provider_id]

    def access_party_ids(self):
        return [self.provider.party_id]

    def access_county_id(self):
        return self.provider.party.county_id


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("given up")


class OutboxMessage(CountyWideObject, models.Model):
    access_county_lookup = "county"

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The person it is for, when it is for a person of Samsyn (None: an old address told of a
    # change); the address is kept as it was when the message was written.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # The county whose administrators see the message if it gets stuck: the person's.
    county = models.ForeignKey(
        "parties.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250)
    # Emptied once sent: a password link in it must not outlive its delivery in the database.
    body = models.TextField(_("text"), blank=True)
    # A webhook's subscription (its address and key); its body is the JSON sent, kept so that
    # a delivery can be sent again.
    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("webhook subscription"),
    )
    notification = models.ForeignKey(
        "core.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            # The sweep finds what is due; the review page lists what is stuck.
            models.Index(
                fields=["next_attempt_at", "id"],
                name="outbox_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"
