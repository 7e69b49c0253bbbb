"""Documents attached to a disagreement (issue 18): the owners of the case's current step add
them; the attachments app checks each file's content and size and stores it. Who sees them is
"disagreements.attachments" (access.py), registered in apps.py as the case type's rule."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.attachments.services import attachments_add
from samsyn.disagreements.models import Disagreement
from samsyn.disagreements.services.common import W, notify_ladder
from samsyn.disagreements.workflow import step_owner_party_ids

NOT_STEP_OWNER_ATTACH = _("Only the step owners of the case's current step attach documents.")


@transaction.atomic
def disagreement_attach(*, actor, disagreement: Disagreement, files) -> Disagreement:
    """Attach documents to the case: every file is checked before any is saved; the history
    and the trail name the attachments, never their content; the ladder is told."""
    W.move_check(actor=actor, case=disagreement, code="attach")
    if not step_owner_party_ids(actor, disagreement, disagreement.current_step):
        raise PermissionDenied(NOT_STEP_OWNER_ATTACH)
    stored = attachments_add(actor=actor, case=disagreement, files=files)
    if not stored:  # sent twice: what was asked for is done
        return disagreement
    W.transition(
        actor=actor,
        case=disagreement,
        code="attach",
        facts={"attachments": [a.pk for a in stored]},
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        subject=gettext("Documents attached"),
        body=gettext("Documents were attached to the case. Read them on the case page."),
    )
    return disagreement
