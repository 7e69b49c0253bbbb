"""Webhooks to the providers' own systems (issue 21 item 7): an event on a case is written to
the outbox with the change, posted by the delivery loop after commit, signed (checked by a
receiver here), without the case's text unless allowed, retried with back-off, and sent again
from the page."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.tests.factories import deviation_in, document_make, report_data
from samsyn.outbox import webhooks
from samsyn.outbox.models import (
    Channel,
    DeliveryStatus,
    OutboxMessage,
    WebhookEvent,
    WebhookSubscription,
)
from samsyn.outbox.services import RETRY_MINUTES, outbox_deliver_due
from samsyn.outbox.webhooks import webhook_resend, webhook_signature_valid, webhook_subscribe
from samsyn.parties.models import Role

pytestmark = pytest.mark.django_db


class Receiver:
    """The provider's own system: checks every request's signature with the shared key."""

    def __init__(self, status=200):
        self.status, self.received, self.secrets = status, [], {}

    def __call__(self, url, *, data, headers, timeout, allow_redirects):
        body = data.decode()
        valid = webhook_signature_valid(
            secret=self.secrets[url],
            timestamp=headers["X-Samsyn-Timestamp"],
            body=body,
            signature=headers["X-Samsyn-Signature"],
        )
        self.received.append(
            {
                "url": url,
                "event": headers["X-Samsyn-Event"],
                "valid": valid,
                "body": json.loads(body),
            }
        )
        return type("Response", (), {"status_code": self.status})()


@pytest.fixture
def receiver(monkeypatch):
    receiver = Receiver()
    monkeypatch.setattr(webhooks.requests, "post", receiver)
    return receiver


@pytest.fixture
def administrators(make_person, boras, sas):
    return {
        "boras": actor_for(make_person(boras, Role.ADMINISTRATOR, username="admin.boras.w")),
        "sas": actor_for(make_person(sas, Role.ADMINISTRATOR, username="admin.sas.w")),
    }


@pytest.fixture
def subscribe(administrators, receiver):
    def make(who, provider, *, events=tuple(WebhookEvent.values), include_text=False):
        subscription = webhook_subscribe(
            actor=administrators[who],
            provider=provider,
            name="Incidentsystemet",
            url=f"https://{who}.example.se/samsyn",
            events=list(events),
            include_text=include_text,
        )
        receiver.secrets[subscription.url] = subscription.secret
        return subscription

    return make


def _report(personas, boras, sas):
    return services.deviation_report(
        actor=actor_for(personas["reporter"]),
        report=report_data(
            reporting_provider=boras, counterpart_provider=sas, document=document_make()
        ),
    )


def test_a_new_case_posts_a_signed_event_to_the_receiving_providers_system(
    personas, boras, sas, subscribe, receiver, delivered
):
    subscribe("sas", sas)
    subscribe("boras", boras)  # the reporting side hears nothing of a case it sends
    with delivered():
        deviation = _report(personas, boras, sas)
    [post] = receiver.received
    assert post["valid"] and post["event"] == "deviation.received"
    assert post["url"] == "https://sas.example.se/samsyn"
    assert post["body"]["case"]["reference"] == deviation.reference
    assert "title" not in post["body"]["case"] and "description" not in post["body"]["case"]
    assert OutboxMessage.objects.get(channel=Channel.WEBHOOK).status == DeliveryStatus.SENT


def test_the_case_text_is_sent_only_when_the_subscription_is_allowed_it(
    personas, boras, sas, subscribe, receiver, delivered
):
    subscribe("sas", sas, include_text=True)
    with delivered():
        deviation = _report(personas, boras, sas)
    assert receiver.received[0]["body"]["case"]["title"] == deviation.title


def test_a_tampered_body_or_an_old_timestamp_fails_the_signature_check():
    signature = webhooks.webhook_signature(secret="k", timestamp="1000", body="{}")
    assert webhook_signature_valid(
        secret="k", timestamp="1000", body="{}", signature=signature, now=1000
    )
    assert not webhook_signature_valid(
        secret="k", timestamp="1000", body="{ }", signature=signature, now=1000
    )
    assert not webhook_signature_valid(
        secret="x", timestamp="1000", body="{}", signature=signature, now=1000
    )
    assert not webhook_signature_valid(
        secret="k", timestamp="1000", body="{}", signature=signature, now=1000 + 301
    )


def test_an_event_written_by_a_web_host_whose_clock_runs_ahead_is_posted_by_the_next_look(
    personas, boras, sas, subscribe, receiver, monkeypatch
):
    subscribe("sas", sas)
    ahead = timezone.now() + datetime.timedelta(hours=1)
    with monkeypatch.context() as web_host:
        web_host.setattr(timezone, "now", lambda: ahead)
        _report(personas, boras, sas)
    outbox_deliver_due()
    assert [r["event"] for r in receiver.received] == [WebhookEvent.RECEIVED]


def test_only_subscribed_events_are_sent(personas, boras, sas, subscribe, receiver, delivered):
    subscribe("sas", sas, events=[WebhookEvent.CLOSED])
    with delivered():
        _report(personas, boras, sas)
    assert (
        receiver.received == []
        and not OutboxMessage.objects.filter(channel=Channel.WEBHOOK).exists()
    )


def test_closing_a_case_tells_both_providers_systems(
    personas, boras, sas, subscribe, receiver, delivered
):
    subscribe("sas", sas, events=[WebhookEvent.CLOSED])
    subscribe("boras", boras, events=[WebhookEvent.CLOSED])
    with delivered():
        deviation_in(
            "closed",
            reporter=personas["reporter"],
            handler=personas["counterpart_handler"],
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document_make(),
        )
    assert sorted(p["url"] for p in receiver.received) == [
        "https://boras.example.se/samsyn",
        "https://sas.example.se/samsyn",
    ]
    assert all(p["valid"] and p["body"]["case"]["status"] == "closed" for p in receiver.received)


def test_a_refused_delivery_is_retried_with_back_off_then_given_up_and_sent_again(
    personas,
    boras,
    sas,
    subscribe,
    receiver,
    administrators,
    delivered,
):
    subscribe("sas", sas)
    receiver.status = 500
    with delivered():
        _report(personas, boras, sas)
    message = OutboxMessage.objects.get(channel=Channel.WEBHOOK)
    assert message.status == DeliveryStatus.PENDING and message.attempts == 1
    assert message.last_error.endswith("HTTP 500")
    for _n in RETRY_MINUTES:
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == DeliveryStatus.FAILED
    receiver.status = 200
    with delivered():
        webhook_resend(actor=administrators["sas"], message=message)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT and receiver.received[-1]["valid"]
    with pytest.raises(PermissionDenied):
        webhook_resend(actor=administrators["boras"], message=message)


def test_an_administrator_subscribes_only_the_providers_of_its_principal(administrators, sas):
    with pytest.raises(PermissionDenied):
        webhook_subscribe(
            actor=administrators["boras"],
            provider=sas,
            name="x",
            url="https://x.example.se",
            events=["deviation.closed"],
            include_text=False,
        )


def test_the_page_adds_a_subscription_and_shows_its_key_once(client, administrators, boras):
    client.force_login(administrators["boras"].user)
    url = reverse("outbox:webhooks")
    assert client.post(url, {}).status_code == 400
    refused = client.post(
        url,
        {
            "provider": boras.pk,
            "name": "System",
            "url": "http://system.example.se",
            "events": ["deviation.closed"],
        },
    )
    assert refused.status_code == 400 and "https://" in refused.content.decode()
    added = client.post(
        url,
        {
            "provider": boras.pk,
            "name": "System",
            "url": "https://system.example.se",
            "events": ["deviation.closed"],
        },
    )
    secret = boras.webhook_subscriptions.get().secret
    assert added.status_code == 200 and secret in added.content.decode()
    assert secret not in client.get(url).content.decode()


def test_people_without_the_role_do_not_reach_the_page(client, personas):
    client.force_login(personas["handler"])
    assert client.get(reverse("outbox:webhooks")).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/samsyn",
        "https://localhost:8443/samsyn",
        "https://169.254.169.254/latest/meta-data",  # the cloud's metadata service
        "https://10.0.0.5/samsyn",
        "https://[::1]/samsyn",
    ],
)
def test_a_subscription_into_a_private_network_or_this_server_is_refused(administrators, sas, url):
    with pytest.raises(ValidationError) as refused:
        webhook_subscribe(
            actor=administrators["sas"],
            provider=sas,
            name="Incidentsystemet",
            url=url,
            events=["deviation.closed"],
            include_text=False,
        )
    assert "privat nätverk" in " ".join(refused.value.messages)
    assert not WebhookSubscription.objects.exists()


def test_a_private_host_the_operator_vouched_for_is_allowed(administrators, sas, settings):
    settings.WEBHOOK_PRIVATE_HOSTS = ["10.0.0.5"]

    subscription = webhook_subscribe(
        actor=administrators["sas"],
        provider=sas,
        name="Incidentsystemet på Sjunet",
        url="https://10.0.0.5/samsyn",
        events=["deviation.closed"],
        include_text=False,
    )

    assert subscription.pk


def test_a_name_that_now_points_into_the_private_network_is_not_posted_to(
    personas, boras, sas, subscribe, receiver, monkeypatch, delivered
):
    subscribe("sas", sas)
    monkeypatch.setattr(
        webhooks.socket, "getaddrinfo", lambda host, port: [(2, 1, 6, "", ("192.168.1.9", 0))]
    )

    with delivered():
        _report(personas, boras, sas)

    message = OutboxMessage.objects.get(channel=Channel.WEBHOOK)
    assert receiver.received == []
    assert message.status == DeliveryStatus.PENDING and "privat nätverk" in message.last_error
