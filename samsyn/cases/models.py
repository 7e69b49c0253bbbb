"""The one status-change history of every case type (docs/decisions/0008-case-engine.md)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number


class Transition(models.Model):
    """One move made on a case: which, from and to which state, by whom, when.

    Moves that keep the state (a comment, a measure, a meeting) are rows too, with the same
    state on both sides, so the case's history is read from here alone. Written by
    `Workflow.transition()`; a bulk writer (an import, a data generator) builds rows and
    calls `Transition.objects.bulk_create()` (see `Workflow.history_row()`).
    """

    # Looked up by the index (content_type, object_id, at) below: none of its own (0031).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("content_type", "object_id")
    move = models.CharField(_("step"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set by the engine at the moment of the move; a bulk writer sets it to the historic time.
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("comment"), blank=True, validators=[no_personal_identity_number])
    # Raw references the page needs to show the row (e.g. {"measure": 12}); never free text.
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
            # "Sent back as the wrong receiver" in the county report: an EXISTS per case of the
            # year, answered from this small index instead of each case's whole history.
            models.Index(
                fields=["content_type", "object_id"],
                condition=models.Q(move="send_back"),
                name="cases_transition_send_back",
            ),
        ]

    def __str__(self):
        return f"{self.move}: {self.from_state or '–'} → {self.to_state}"
