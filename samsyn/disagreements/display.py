"""Swedish labels for the disagreement actions in the audit trail (shown in the case history)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "disagreements.disagreement.created": _("The disagreement was registered (step 1)"),
    "disagreements.disagreement.updated": _("The details were changed"),
    "disagreements.disagreement.temporary_solution_set": _("An interim solution was registered"),
    "disagreements.disagreement.escalated": _("The case was escalated"),
    "disagreements.disagreement.skip_proposed": _("Proposal to skip step 2"),
    "disagreements.disagreement.skip_declined": _("The proposal to skip step 2 was declined"),
    "disagreements.disagreement.skip_accepted": _(
        "Step 2 was skipped by agreement – dispute at step 3"
    ),
    "disagreements.disagreement.resolved": _("Resolved"),
    "disagreements.disagreement.referred_to_court": _("Referred to a general court"),
    "disagreements.disagreement.closed": _("Closed with a lesson"),
    "disagreements.disagreement.reopened": _("Reopened"),
    "disagreements.step.updated": _("Participants or last date changed"),
    "disagreements.step.meeting_added": _("Meeting noted"),
    "disagreements.step.reminded": _("Reminder: the step has passed its last date"),
    "disagreements.comment.added": _("Comment"),
    "disagreements.lesson.published": _("Published in Guiding solutions"),
    "disagreements.economic_agreement.created": _("Economic agreement registered"),
}
