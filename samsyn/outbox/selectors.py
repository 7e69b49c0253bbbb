"""What the county administrators see of the outbox: what is stuck, what waits, what went."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samsyn.core.access import grant_for, in_counties
from samsyn.core.selectors import ORDER_REMIND
from samsyn.outbox.models import DeliveryStatus, OutboxMessage

REVIEW_PERMISSION = "outbox.review"
ORDERING = ("-created_at", "-id")


def outbox_messages_for_review(*, actor, status: str) -> QuerySet[OutboxMessage]:
    """The messages in one state to the people of the actor's counties, newest first."""
    grant = grant_for(actor, REVIEW_PERMISSION)
    if not grant.county_ids:
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(
        in_counties(OutboxMessage, grant.county_ids), status=status
    ).order_by(*ORDERING)


def outbox_stuck_count(*, actor) -> int:
    return outbox_messages_for_review(actor=actor, status=DeliveryStatus.FAILED).count()


def outbox_start_sections(actor) -> list[dict]:
    """Start page: county administrators hear of messages that could not be sent."""
    if not grant_for(actor, REVIEW_PERMISSION):
        return []
    stuck = outbox_stuck_count(actor=actor)
    if not stuck:
        return []
    return [
        {
            "title": _("Messages that could not be sent"),
            "text": ngettext(
                "{n} message could not be sent after several attempts. Check the address or "
                "the mail server, then send it again.",
                "{n} messages could not be sent after several attempts. Check the addresses "
                "or the mail server, then send them again.",
                stuck,
            ).format(n=stuck),
            "links": [(_("Outgoing messages"), reverse("outbox:messages"))],
            "order": ORDER_REMIND,
        }
    ]


def webhook_providers_for(actor):
    """The care providers whose webhooks this administrator keeps (its principals')."""
    from samsyn.parties.models import CareProvider

    grant = grant_for(actor, "outbox.webhooks")
    return CareProvider.objects.filter(party_id__in=grant.party_ids, is_active=True)


def webhook_subscriptions_for(actor):
    from samsyn.outbox.models import WebhookSubscription

    grant = grant_for(actor, "outbox.webhooks")
    return WebhookSubscription.objects.filter(
        provider__party_id__in=grant.party_ids
    ).select_related("provider")


def webhook_deliveries_for(actor) -> QuerySet[OutboxMessage]:
    grant = grant_for(actor, "outbox.webhooks")
    return (
        OutboxMessage.objects.filter(subscription__provider__party_id__in=grant.party_ids)
        .select_related("subscription__provider")
        .order_by(*ORDERING)
    )
