"""A confirmed step protocol as a typeset PDF (WeasyPrint), in the app's Swedish texts."""

from django.template.loader import render_to_string
from django.utils import translation

from samsyn.disagreements.models import STEP_LEVELS, EscalationStep, StepProtocol


def protocol_context(disagreement, protocol: StepProtocol, content: dict) -> dict:
    """What both the protocol page and the PDF show: the content and its labels."""
    outcome = content.get("outcome") or ""
    return {
        "d": disagreement,
        "protocol": protocol,
        "content": content,
        "level": STEP_LEVELS[content["step"]],
        "outcome_label": EscalationStep.Outcome(outcome).label if outcome else "",
    }


def protocol_pdf(disagreement, protocol: StepProtocol) -> bytes:
    """The frozen protocol, typeset; Swedish whatever the reader's language."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy; loaded only for a download

    with translation.override("sv"):
        html = render_to_string(
            "disagreements/protocol_pdf.html",
            protocol_context(disagreement, protocol, protocol.content),
        )
    return HTML(string=html).write_pdf()
