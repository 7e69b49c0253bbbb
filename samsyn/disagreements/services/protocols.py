"""The protocol that ends each step of the ladder (decision 0017).

In Norway each step of a disagreement ends with a written protocol both sides stand behind;
here each step has one. Its shared part is generated from the case (the parties, the step's
participants, the question, the interim solution for the patient, the step's outcome); each
party writes only its own position with its factual and contractual basis (document and
section). Both parties' step owners confirm it; then it is frozen: its content and SHA-256 are
kept, the hash goes to the audit trail, and nothing in it changes any more. The next step
starts from it: its draft carries the positions over.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.disagreements.models import Disagreement, StepProtocol
from samsyn.disagreements.services.common import W, notify_ladder
from samsyn.disagreements.workflow import step_owner_party_ids

PROTOCOL_FROZEN = _(
    "The protocol is confirmed by both parties and can no longer be changed. Raise a question "
    "that remains at the next step instead."
)
NOT_THIS_CASE = _("Choose one of this case's step protocols.")
NOT_A_SIDE = _("Choose one of the case's two parties.")
ONLY_OWN_PARTY_WRITES = _(
    "You can only write the position of a party whose step {step} you hold. The other party "
    "writes its own."
)
ONLY_OWN_PARTY_CONFIRMS = _(
    "You can only confirm the protocol for a party whose step {step} you hold. The other "
    "party's step owner confirms for them."
)
POSITION_REQUIRED = _("Write your party's position.")
FACTS_REQUIRED = _("Write the facts your party's position rests on.")
SECTION_OF_OTHER_DOCUMENT = _("The section belongs to another governing document.")
STEP_NOT_ENDED = _(
    "The step is still ongoing: the protocol is confirmed when the step has ended with a "
    "decision or a reason for going on to the next step."
)
POSITIONS_MISSING = _("Both parties must write their position before the protocol is confirmed.")
CHANGED_SINCE_READ = _(
    "The protocol has changed since you read it. Read it again and confirm what it says now."
)

SIDES = ("a", "b")


def _basis(protocol: StepProtocol, side: str) -> dict:
    document = getattr(protocol, f"document_{side}")
    section = getattr(protocol, f"section_{side}")
    return {
        "position": getattr(protocol, f"position_{side}"),
        "facts": getattr(protocol, f"facts_{side}"),
        "document": f"{document.code} {document.title}" if document else "",
        "section": f"{section.number} {section.title}" if section else "",
    }


def protocol_content(protocol: StepProtocol) -> dict:
    """What the protocol says, generated from the case: raw values only (labels are the
    template's), so the same content gives the same hash in any language. Once a party has
    confirmed, the text it confirmed is kept and is what the other party reads and confirms:
    a later change of the case (an interim solution updated at the next step) does not slip
    into a text one party has already stood behind."""
    if protocol.is_frozen or protocol.content:
        return protocol.content
    step = protocol.step
    d = step.disagreement
    return {
        "reference": d.reference,
        "title": d.title,
        "step": step.number,
        "started_on": str(step.started_on),
        "ended_on": str(step.ended_on or ""),
        "parties": [
            {"party": str(d.party_a), "provider": str(d.provider_a), **_basis(protocol, "a")},
            {"party": str(d.party_b), "provider": str(d.provider_b), **_basis(protocol, "b")},
        ],
        "participants": sorted(p.get_full_name() or p.username for p in step.participants.all()),
        "question": d.question,
        "patient_affected": d.patient_affected,
        **_patient_answer_of(step),
        "outcome": step.outcome,
        "outcome_text": step.outcome_text,
    }


def _step_ended_at(step):
    """When the step ended: the first move out of it since it started (None while it runs)."""
    if not step.outcome:
        return None
    state = f"step{step.number}"
    moves = step.disagreement.transitions.filter(from_state=state, at__date__gte=step.started_on)
    return moves.exclude(to_state=state).order_by("at", "pk").values_list("at", flat=True).first()


def _patient_answer_of(step) -> dict:
    """How the patient's needs were met when the step ended (the version in force then), or
    now while it runs; the case's own fields where no version is kept from that time."""
    d = step.disagreement
    ended_at = _step_ended_at(step)
    answer = None
    if ended_at is not None:
        answer = d.patient_answers.filter(at__lte=ended_at).order_by("-at", "-pk").first()
    if answer is None:
        text, valid_from, none = (
            d.temporary_solution,
            d.temporary_solution_from,
            d.temporary_solution_none,
        )
    else:
        text, valid_from, none = answer.text, answer.valid_from, answer.none_needed
    return {
        "temporary_solution": text,
        "temporary_solution_from": str(valid_from or ""),
        "temporary_solution_none": none,
    }


def content_hash(content: dict) -> str:
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def _side(disagreement: Disagreement, party) -> str:
    if party is None or party.pk not in (disagreement.party_a_id, disagreement.party_b_id):
        raise ValidationError({"party": NOT_A_SIDE})
    return "a" if party.pk == disagreement.party_a_id else "b"


def _checked(actor, disagreement, protocol, party, code, refusal) -> str:
    """Whose side, refused unless the actor holds the protocol's step for that party."""
    W.move_check(actor=actor, case=disagreement, code=code)
    if protocol is None or protocol.step.disagreement_id != disagreement.pk:
        raise ValidationError({"protocol": NOT_THIS_CASE})
    side = _side(disagreement, party)
    number = protocol.step.number
    if party.pk not in step_owner_party_ids(actor, disagreement, number):
        raise ValidationError({"party": refusal.format(step=number)})
    if protocol.is_frozen:
        raise ValidationError({"party": PROTOCOL_FROZEN})
    return side


def _write_problems(position: str, facts: str, document, section) -> dict:
    errors = {}
    if not (position or "").strip():
        errors["position"] = POSITION_REQUIRED
    if not (facts or "").strip():
        errors["facts"] = FACTS_REQUIRED
    if section is not None and (document is None or section.document_id != document.pk):
        errors["section"] = SECTION_OF_OTHER_DOCUMENT
    return errors


@transaction.atomic
def protocol_position_write(
    *, actor, disagreement: Disagreement, protocol, party, position, facts, document, section
) -> StepProtocol:
    """A party's step owner writes its own position and basis into the draft. Any change takes
    back confirmations already given: they were given to another text."""
    protocol = StepProtocol.objects.select_for_update().filter(pk=getattr(protocol, "pk", None))
    protocol = protocol.select_related("step").first()
    side = _checked(
        actor, disagreement, protocol, party, "protocol_position", ONLY_OWN_PARTY_WRITES
    )
    if errors := _write_problems(position, facts, document, section):
        raise ValidationError(errors)
    values = {"position": position, "facts": facts, "document": document, "section": section}
    for name, value in values.items():
        setattr(protocol, f"{name}_{side}", value)
    withdrawn = [s for s in SIDES if getattr(protocol, f"confirmed_{s}_at")]
    for s in withdrawn:
        setattr(protocol, f"confirmed_{s}_by", None)
        setattr(protocol, f"confirmed_{s}_at", None)
    protocol.content, protocol.content_hash = {}, ""  # a new text: generated again
    protocol.version += 1
    protocol.full_clean()
    protocol.save()
    W.transition(
        actor=actor,
        case=disagreement,
        code="protocol_position",
        facts={
            "protocol": protocol.pk,
            "step": protocol.step.number,
            "party": party.pk,
            "document": getattr(document, "pk", None),
            "section": getattr(section, "pk", None),
            "confirmations_withdrawn": withdrawn,
        },
    )
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        steps=[protocol.step.number],
        subject=gettext("Protocol for step {step}").format(step=protocol.step.number),
        body=gettext(
            "{party} has written its position in the protocol. Read it in the case."
        ).format(party=party),
    )
    return protocol


def _confirm_problems(protocol: StepProtocol, seen_hash: str) -> None:
    if not protocol.step.outcome:
        raise ValidationError({"protocol": STEP_NOT_ENDED})
    if not (protocol.position_a.strip() and protocol.position_b.strip()):
        raise ValidationError({"protocol": POSITIONS_MISSING})
    if seen_hash and seen_hash != content_hash(protocol_content(protocol)):
        raise ValidationError({"protocol": CHANGED_SINCE_READ})


@transaction.atomic
def protocol_confirm(
    *, actor, disagreement: Disagreement, protocol, party, seen_hash: str = ""
) -> StepProtocol:
    """A party's step owner confirms the protocol for their own party (never for the other).
    When both have, it is frozen: content and hash kept, the hash in the audit trail. The same
    confirmation sent twice is one confirmation."""
    protocol = StepProtocol.objects.select_for_update().filter(pk=getattr(protocol, "pk", None))
    protocol = protocol.select_related("step").first()
    if protocol is not None and protocol.is_frozen and party is not None:
        side = _side(disagreement, party)
        if getattr(protocol, f"confirmed_{side}_by_id") == actor.user.pk:
            return protocol  # a double submit after the freeze: already done
    side = _checked(
        actor, disagreement, protocol, party, "protocol_confirm", ONLY_OWN_PARTY_CONFIRMS
    )
    if getattr(protocol, f"confirmed_{side}_at"):
        return protocol  # a double submit: confirmed once
    _confirm_problems(protocol, seen_hash)
    now = timezone.now()
    setattr(protocol, f"confirmed_{side}_by", actor.user)
    setattr(protocol, f"confirmed_{side}_at", now)
    facts = {"protocol": protocol.pk, "step": protocol.step.number, "party": party.pk}
    # The text confirmed is kept from the first confirmation: the second confirms that text.
    protocol.content = protocol_content(protocol)
    protocol.content_hash = content_hash(protocol.content)
    if protocol.confirmed_a_at and protocol.confirmed_b_at:
        protocol.frozen_at = now
        facts["content_hash"] = protocol.content_hash
    protocol.version += 1
    protocol.full_clean()
    protocol.save()
    W.transition(actor=actor, case=disagreement, code="protocol_confirm", facts=facts)
    notify_ladder(
        disagreement=disagreement,
        actor=actor,
        steps=[protocol.step.number],
        subject=gettext("Protocol for step {step}").format(step=protocol.step.number),
        body=(
            gettext("Both parties have confirmed the protocol. It can be downloaded as a PDF.")
            if protocol.is_frozen
            else gettext("{party} has confirmed the protocol. Read it and confirm it too.").format(
                party=party
            )
        ),
    )
    return protocol
