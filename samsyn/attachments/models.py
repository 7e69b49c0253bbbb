"""A document attached to a case (issue 18): stored outside the database through Django's
storage API, under a random name; its type was read from its content when it was uploaded."""

import pathlib
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name in a folder per case type: nothing of the original name is stored in the
    path (it may hold what a file name should not)."""
    suffix = pathlib.PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance.content_type.model}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    case = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    # What the person called it, with the extension of the type found in the content.
    name = models.CharField(
        _("file name"), max_length=200, validators=[no_personal_identity_number]
    )
    mime_type = models.CharField(_("file type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attached by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("attached"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.name
