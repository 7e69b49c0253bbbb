"""The county administrators' page of outgoing messages: what was given up (and sending it
again), what waits, what was sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from samsyn.core.access import can
from samsyn.core.keyset import CURSOR_PARAM, keyset_page
from samsyn.outbox.models import DeliveryStatus, OutboxMessage
from samsyn.outbox.selectors import (
    ORDERING,
    REVIEW_PERMISSION,
    outbox_messages_for_review,
)
from samsyn.outbox.services import outbox_retry

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
