"""Webhooks to the providers' own systems (issue 21 item 7; decision "webhook channel").

An event on a case writes one outbox row per subscription that asked for it, in the case's
transaction (decision 0015): a change that rolls back sends nothing. The row is delivered
by the delivery loop (`deliver_outbox --loop`, woken at the commit) with the outbox's
back-off. The POST carries

    X-Samsyn-Event:      deviation.received
    X-Samsyn-Timestamp:  1767225600                (seconds since 1970, UTC)
    X-Samsyn-Signature:  sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

so the receiver checks that Samsyn sent it and that it is fresh (`webhook_signature_valid`
is the check, and the receiver of the tests). The body has ids, dates, states and provider
names; the case's heading and description only when the subscription is allowed them. Never
the patient's identity.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.access import can
from samsyn.outbox.models import (
    Channel,
    DeliveryStatus,
    OutboxMessage,
    WebhookEvent,
    WebhookSubscription,
)
from samsyn.outbox.wake import outbox_wake

PERMISSION = "outbox.webhooks"
TIMEOUT_SECONDS = 10
# A receiver refuses a signature older than this (seconds): a replayed request is stale.
TOLERANCE_SECONDS = 300
REFUSED_BY_RECEIVER = "HTTP {status}"
NOT_RESENDABLE = _("Only a delivered or given-up webhook can be sent again.")
PRIVATE_ADDRESS = _(
    "The address leads into a private network or to this server itself. Webhooks go only to "
    "systems on the internet, or to a host the operator has named in WEBHOOK_PRIVATE_HOSTS."
)


def webhook_address_refused(url: str) -> str | None:
    """Why a webhook may not be posted to this address, or None (issue 21: no server-side
    request forgery). A host the operator vouched for passes; otherwise every address the
    name resolves to must be a global one: not loopback, private, link-local (the cloud's
    metadata service) or reserved. A name that does not resolve now is left to the POST."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    allowed = {h.lower() for h in settings.WEBHOOK_PRIVATE_HOSTS}
    if host in allowed:
        return None
    if not host or host == "localhost" or host.endswith(".localhost"):
        return str(PRIVATE_ADDRESS)
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return None
    for address in found:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            return str(PRIVATE_ADDRESS)
    return None


def webhook_signature(*, secret: str, timestamp: str, body: str) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def webhook_signature_valid(
    *, secret: str, timestamp: str, body: str, signature: str, now: float | None = None
) -> bool:
    """What a receiver checks: the signature is ours and the timestamp is fresh."""
    if not timestamp.isdigit() or abs((now or time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, signature)


# ---------------------------------------------------------------- subscriptions


def webhook_subscribe(
    *, actor, provider, name: str, url: str, events: list[str], include_text: bool
) -> WebhookSubscription:
    """A provider's administrator subscribes its own system; the secret is made here."""
    subscription = WebhookSubscription(
        provider=provider,
        name=(name or "").strip(),
        url=(url or "").strip(),
        events=[e for e in WebhookEvent.values if e in events],
        include_text=bool(include_text),
        secret=secrets.token_hex(32),
        created_by=actor.user,
    )
    if not can(actor, PERMISSION, subscription):
        raise PermissionDenied
    subscription.full_clean()
    refused = webhook_address_refused(subscription.url)
    if refused:
        raise ValidationError({"url": refused})
    subscription.save()
    audit_record(
        actor=actor,
        action="outbox.webhook.subscribed",
        target=subscription,
        data={
            "provider": provider.pk,
            "url": subscription.url,
            "events": subscription.events,
            "include_text": subscription.include_text,
        },
    )
    return subscription


def webhook_deactivate(*, actor, subscription: WebhookSubscription) -> None:
    if not can(actor, PERMISSION, subscription):
        raise PermissionDenied
    subscription.is_active = False
    subscription.save(update_fields=["is_active"])
    audit_record(actor=actor, action="outbox.webhook.deactivated", target=subscription)


# ---------------------------------------------------------------- events


def _payload(event: str, deviation, *, include_text: bool) -> dict:
    case = {
        "id": deviation.pk,
        "reference": deviation.reference,
        "url": f"{settings.SITE_URL.rstrip('/')}{deviation.get_absolute_url()}",
        "type": deviation.event_type,
        "status": deviation.status,
        "event_date": deviation.event_date,
        "reporting_provider": deviation.reporting_provider.name,
        "receiving_provider": deviation.counterpart_provider.name,
        "receiving_unit": deviation.receiving_unit.name if deviation.receiving_unit else None,
        "answer_due": deviation.answer_due,
        "closed_at": deviation.closed_at,
    }
    if include_text:
        case.update(title=deviation.title, description=deviation.description)
    return {"event": event, "occurred_at": timezone.now(), "case": case}


def webhook_event(*, event: str, deviation, providers) -> list[OutboxMessage]:
    """Write the event for every active subscription of these providers that asked for it;
    each is sent once the caller's transaction commits (by the delivery loop)."""
    subscriptions = WebhookSubscription.objects.filter(
        provider__in=[p.pk if hasattr(p, "pk") else p for p in providers], is_active=True
    ).select_related("provider__party")
    messages = []
    for subscription in subscriptions:
        if event not in subscription.events:
            continue
        body = json.dumps(
            _payload(event, deviation, include_text=subscription.include_text),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        messages.append(
            OutboxMessage.objects.create(
                channel=Channel.WEBHOOK,
                subscription=subscription,
                county_id=subscription.provider.party.county_id,
                recipient=subscription.url[:254],
                subject=event,
                body=body,
                next_attempt_at=Now(),  # the database's clock, as the loop reads it
            )
        )
    if messages:
        outbox_wake()
    return messages


def webhook_post(message: OutboxMessage) -> None:
    """POST one delivery, signed; any answer but 2xx is a failure the outbox retries."""
    subscription = message.subscription
    refused = webhook_address_refused(subscription.url)  # the name may point elsewhere now
    if refused:
        raise ConnectionError(refused)
    timestamp = str(int(time.time()))
    response = requests.post(
        subscription.url,
        data=message.body.encode(),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Samsyn-Webhook/1",
            "X-Samsyn-Event": message.subject,
            "X-Samsyn-Delivery": str(message.pk),
            "X-Samsyn-Timestamp": timestamp,
            "X-Samsyn-Signature": webhook_signature(
                secret=subscription.secret, timestamp=timestamp, body=message.body
            ),
        },
        timeout=TIMEOUT_SECONDS,
        allow_redirects=False,
    )
    if not 200 <= response.status_code < 300:
        raise ConnectionError(REFUSED_BY_RECEIVER.format(status=response.status_code))


def webhook_resend(*, actor, message: OutboxMessage) -> OutboxMessage:
    """Send a delivery again (replay), now, with a fresh round of attempts."""
    if message.channel != Channel.WEBHOOK or not can(actor, PERMISSION, message.subscription):
        raise PermissionDenied
    if message.status == DeliveryStatus.PENDING:
        raise ValidationError(NOT_RESENDABLE)
    from samsyn.outbox.services import outbox_send_again  # services send through webhook_post

    return outbox_send_again(
        actor=actor,
        message=message,
        action="outbox.webhook.resent",
        data={"recipient": message.recipient, "event": message.subject},
    )
