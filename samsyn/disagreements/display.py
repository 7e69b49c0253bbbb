"""How the disagreement actions and the keys they write are shown in the audit trail (the case
history, the audit pages); the case's own fields are named by their verbose names."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import DataKey, choices_shown
from samsyn.disagreements.models import Disagreement

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
    "disagreements.disagreement.resolution_proposed": _(
        "Proposed solution, awaiting the other party's confirmation"
    ),
    "disagreements.disagreement.settlement_proposed": _(
        "Proposed economic settlement, awaiting the other party's confirmation"
    ),
    "disagreements.disagreement.proposal_declined": _("The proposal was declined"),
    "disagreements.protocol.position_written": _(
        "A party's position in the step protocol was written"
    ),
    "disagreements.protocol.confirmed": _("The step protocol was confirmed"),
    "disagreements.claim.presented": _("A claim for economic settlement was presented"),
    "disagreements.claim.answered": _("The claim was answered in writing"),
    "disagreements.attachment.added": _("Documents attached"),
}


PARTY = "parties.party"

DATA_KEYS = {
    "step": DataKey(_("step")),
    "current_step": DataKey(_("step")),
    "from_step": DataKey(_("from step")),
    "to_step": DataKey(_("to step")),
    "skipped_step_2": DataKey(_("step 2 skipped")),
    "proposed_by_party": DataKey(_("proposed by"), model=PARTY),
    "skip_proposed_by_party": DataKey(_("proposed by"), model=PARTY),
    "skip_proposed_by": DataKey(_("proposed by (person)"), model=settings.AUTH_USER_MODEL.lower()),
    "payer": DataKey(_("paying party"), model=PARTY),
    "payee": DataKey(_("receiving party"), model=PARTY),
    "reference": DataKey(_("reference number")),
    "court": DataKey(_("court")),
    "case_number": DataKey(_("case number")),
    "referred_on": DataKey(_("referred on")),
    "judgment_on": DataKey(_("date of judgment")),
    "resolution": DataKey(_("outcome"), show=choices_shown(Disagreement.Resolution.choices)),
    "deadline": DataKey(_("last date")),
    "participants": DataKey(_("participants"), model=settings.AUTH_USER_MODEL.lower()),
    "held_on": DataKey(_("meeting date")),
    "disagreement": DataKey(_("disagreement"), model="disagreements.disagreement"),
    "protocol": DataKey(_("step protocol")),
    "content_hash": DataKey(_("checksum (SHA-256)")),
    "confirmations_withdrawn": DataKey(_("confirmations taken back")),
    "claim": DataKey(_("claim for economic settlement")),
    "answer_due": DataKey(_("answer due")),
    "answer": DataKey(_("answer")),
    "proposed_by": DataKey(_("proposed by (person)"), model=settings.AUTH_USER_MODEL.lower()),
    "kind": DataKey(_("proposal awaiting confirmation")),
    "settlement": DataKey(_("economic settlement")),
}
