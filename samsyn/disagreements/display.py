"""Swedish labels for the disagreement actions in the audit trail (shown in the case history)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "disagreements.disagreement.created": _("Oenigheten registrerades (steg 1)"),
    "disagreements.disagreement.updated": _("Uppgifterna ändrades"),
    "disagreements.disagreement.temporary_solution_set": _("Tillfällig lösning registrerades"),
    "disagreements.disagreement.escalated": _("Eskalerades"),
    "disagreements.disagreement.skip_proposed": _("Förslag att hoppa över steg 2"),
    "disagreements.disagreement.skip_declined": _("Förslaget att hoppa över steg 2 avböjdes"),
    "disagreements.disagreement.skip_accepted": _(
        "Steg 2 hoppades över efter överenskommelse – tvist på steg 3"
    ),
    "disagreements.disagreement.resolved": _("Löst"),
    "disagreements.disagreement.referred_to_court": _("Hänskjuten till allmän domstol"),
    "disagreements.disagreement.closed": _("Avslutad med lärdom"),
    "disagreements.disagreement.reopened": _("Återöppnad"),
    "disagreements.step.updated": _("Deltagare eller sista datum ändrades"),
    "disagreements.step.meeting_added": _("Möte antecknat"),
    "disagreements.step.reminded": _("Påminnelse: steget har passerat sista datum"),
    "disagreements.comment.added": _("Kommentar"),
    "disagreements.lesson.published": _("Publicerad i Vägledande lösningar"),
    "disagreements.economic_agreement.created": _("Ekonomisk överenskommelse registrerad"),
}
