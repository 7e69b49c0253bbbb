"""The county administrators' page of outgoing messages: what was given up (and sending it
again), what waits, what was sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from samsyn.core.access import can
from samsyn.core.forms import FORM_ERRORS_STATUS
from samsyn.core.keyset import CURSOR_PARAM, keyset_page
from samsyn.outbox.forms import WebhookSubscriptionForm
from samsyn.outbox.models import DeliveryStatus, OutboxMessage
from samsyn.outbox.selectors import (
    ORDERING,
    REVIEW_PERMISSION,
    outbox_messages_for_review,
    webhook_deliveries_for,
    webhook_providers_for,
    webhook_subscriptions_for,
)
from samsyn.outbox.services import outbox_retry
from samsyn.outbox.webhooks import PERMISSION as WEBHOOK_PERMISSION
from samsyn.outbox.webhooks import webhook_deactivate, webhook_resend, webhook_subscribe

PAGE_SIZE = 50


def messages_page(request):
    if not can(request.actor, REVIEW_PERMISSION):
        raise PermissionDenied
    status = request.GET.get("status", DeliveryStatus.FAILED)
    if status not in DeliveryStatus.values:
        status = DeliveryStatus.FAILED
    rows = outbox_messages_for_review(actor=request.actor, status=status)
    page = keyset_page(
        rows, ordering=ORDERING, cursor=request.GET.get(CURSOR_PARAM), size=PAGE_SIZE
    )
    tabs = [
        {
            "value": value,
            "label": label,
            "url": f"{reverse('outbox:messages')}?status={value}",
            "current": value == status,
        }
        for value, label in DeliveryStatus.choices
    ]
    return render(
        request,
        "outbox/messages.html",
        {
            "page": page,
            "status": status,
            "status_label": DeliveryStatus(status).label,
            "tabs": tabs,
            "query": f"status={status}",
        },
    )


@require_POST
def message_retry(request, pk: int):
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        outbox_retry(actor=request.actor, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("The message to {recipient} is being sent again.").format(
                recipient=message.recipient
            ),
        )
    return redirect(f"{reverse('outbox:messages')}?status={DeliveryStatus.FAILED}")


# ---------------------------------------------------------------- webhooks (issue 21 item 7)

WEBHOOK_DELIVERIES_SHOWN = 50


def _webhooks_page(request, *, form, new_subscription=None, status=200):
    return render(
        request,
        "outbox/webhooks.html",
        {
            "form": form,
            "subscriptions": webhook_subscriptions_for(request.actor),
            "deliveries": webhook_deliveries_for(request.actor)[:WEBHOOK_DELIVERIES_SHOWN],
            "new_subscription": new_subscription,
        },
        status=status,
    )


def webhooks_page(request):
    if not can(request.actor, WEBHOOK_PERMISSION):
        raise PermissionDenied
    providers = webhook_providers_for(request.actor)
    if request.method != "POST":
        return _webhooks_page(request, form=WebhookSubscriptionForm(providers=providers))
    form = WebhookSubscriptionForm(request.POST, providers=providers)
    if form.is_valid():
        try:
            subscription = webhook_subscribe(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # The secret is shown on this answer only: the page after it never shows it.
            return _webhooks_page(
                request,
                form=WebhookSubscriptionForm(providers=providers),
                new_subscription=subscription,
            )
    return _webhooks_page(request, form=form, status=FORM_ERRORS_STATUS)


@require_POST
def webhook_deactivate_view(request, pk: int):
    subscription = get_object_or_404(webhook_subscriptions_for(request.actor), pk=pk)
    webhook_deactivate(actor=request.actor, subscription=subscription)
    messages.success(request, gettext("The subscription is no longer active."))
    return redirect("outbox:webhooks")


@require_POST
def webhook_resend_view(request, pk: int):
    message = get_object_or_404(webhook_deliveries_for(request.actor), pk=pk)
    try:
        webhook_resend(actor=request.actor, message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The webhook is being sent again."))
    return redirect("outbox:webhooks")
