"""The thread both providers write in."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.deviations.models import Comment, Deviation
from samsyn.deviations.services.common import notify_about, reporting_side
from samsyn.deviations.services.routing import receivers_of
from samsyn.deviations.workflow import DEVIATION_WORKFLOW

COMMENT_REQUIRED = _("Write a message.")


@transaction.atomic
def comment_add(*, actor, deviation: Deviation, text: str) -> Comment:
    """Both providers write in the case's thread; the other side is told."""
    DEVIATION_WORKFLOW.move_check(actor=actor, case=deviation, code="comment")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": COMMENT_REQUIRED})
    own = actor.provider_ids() & set(deviation.access_provider_ids())
    provider_id = (
        deviation.counterpart_provider_id
        if deviation.counterpart_provider_id in own
        else deviation.reporting_provider_id
    )
    comment = Comment(
        deviation=deviation, author=actor.user, author_provider_id=provider_id, text=text
    )
    comment.full_clean()
    comment.save()
    DEVIATION_WORKFLOW.transition(
        actor=actor, case=deviation, code="comment", facts={"comment": comment.pk}
    )
    users = [*reporting_side(deviation), *receivers_of(deviation)]
    author = actor.user.get_full_name() or actor.user.username
    notify_about(
        users=users,
        deviation=deviation,
        subject=gettext("New message from {author}").format(author=author),
        body=gettext("Open the case to read and reply."),
        skip=actor.user,
    )
    return comment
