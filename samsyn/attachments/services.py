"""Attaching documents to a case and handing them out (issue 18).

What is uploaded is checked before anything is saved: not empty, not over
settings.ATTACHMENT_MAX_BYTES, and of a type in settings.ATTACHMENT_TYPES as read from its
content (magic bytes, the `filetype` package), never from its name: an executable renamed
".pdf" is refused. The stored name gets the extension of the type found. Who may see and add
is the case app's rule (`rules.py`); the case app's own service records the move.
"""

import pathlib

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from samsyn.attachments.models import Attachment
from samsyn.attachments.rules import ATTACHMENT_RULES, attachment_rule_for
from samsyn.audit.services import read_record
from samsyn.core.access import can
from samsyn.core.privacy import no_personal_identity_number

ATTACHMENT_EMPTY = _("The file “{name}” is empty.")
ATTACHMENT_TOO_LARGE = _("The file “{name}” is {size}; an attachment may be at most {limit}.")
ATTACHMENT_TYPE_UNKNOWN = _(
    "The type of “{name}” cannot be read from its content. Attach a PDF, an image or an "
    "office document."
)
ATTACHMENT_TYPE_REFUSED = _(
    "“{name}” is a file of type {type}, whatever its name says: it cannot be attached. Attach "
    "a PDF, an image or an office document."
)
ATTACHMENT_NAME_HAS_IDENTITY = _(
    "The file name of “{name}” seems to hold a personal identity number. Rename the file."
)
ATTACHMENT_NOT_ALLOWED = _("You cannot see or add attachments to this case.")
ATTACHMENT_REQUIRED = _("Choose at least one file to attach.")
# Enough of the start of a file for the type's magic bytes (office files name their parts).
_HEAD_BYTES = 8192


def _megabytes(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


def _content_type(upload) -> tuple[str, str] | None:
    """(MIME type, extension) read from the file's first bytes, or None."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return (kind.mime, kind.extension) if kind else None


def attachment_problem(upload) -> str | None:
    """Why this upload cannot be attached, or None: empty, too large, a type not allowed."""
    name = upload.name or ""
    if not upload.size:
        return ATTACHMENT_EMPTY.format(name=name)
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        return ATTACHMENT_TOO_LARGE.format(
            name=name,
            size=_megabytes(upload.size),
            limit=_megabytes(settings.ATTACHMENT_MAX_BYTES),
        )
    found = _content_type(upload)
    if found is None:
        return ATTACHMENT_TYPE_UNKNOWN.format(name=name)
    if found[0] not in settings.ATTACHMENT_TYPES:
        return ATTACHMENT_TYPE_REFUSED.format(name=name, type=found[0])
    try:
        no_personal_identity_number(name)
    except ValidationError:
        return ATTACHMENT_NAME_HAS_IDENTITY.format(name=name)
    return None


def attachments_check(uploads, *, field: str = "attachments", required: bool = False) -> None:
    """Refuse the uploads at once, the first problem on the field, before anything is saved;
    `required`: at least one (an attach move; a report's attachments are optional)."""
    if required and not uploads:
        raise ValidationError({field: ATTACHMENT_REQUIRED}, code="attachment_required")
    for upload in uploads:
        if problem := attachment_problem(upload):
            raise ValidationError({field: problem}, code="attachment_refused")


def _stored_name(name: str, extension: str) -> str:
    """The person's name for the file with the extension of the type found in it."""
    stem = pathlib.PurePath(name or "bilaga").stem.strip()[:150] or "bilaga"
    return f"{stem}.{extension}"


def attachment_store(*, actor, case, upload) -> Attachment:
    """Save one checked upload on the case. The case app's service has judged who may, and
    records the move (its history row and audit event name the attachment, never its
    content)."""
    attachments_check([upload], field="file")
    mime, extension = _content_type(upload)
    attachment = Attachment(
        case=case,
        name=_stored_name(upload.name, extension),
        mime_type=mime,
        size=upload.size,
        uploaded_by=actor.user,
    )
    attachment.file.save(attachment.name, upload, save=False)
    attachment.save()
    return attachment


def _already_attached(case, upload) -> bool:
    """The same file (name as stored, size and bytes) is on the case already: a form sent
    twice, or a file chosen twice, attaches it once."""
    _mime, extension = _content_type(upload)
    same = _attachments_q(case).filter(name=_stored_name(upload.name, extension), size=upload.size)
    for existing in same:
        with existing.file.open("rb") as stored:
            content = stored.read()
        upload.seek(0)
        if content == upload.read():
            upload.seek(0)
            return True
    upload.seek(0)
    return False


def attachments_add(*, actor, case, files, field: str = "files") -> list[Attachment]:
    """An attach move's files: at least one, every one checked before any is saved, then each
    stored, except one the case holds already (sent twice). The case app's service has judged
    who may and records the move with the ids returned (none: nothing new to record)."""
    files = list(files or [])
    attachments_check(files, field=field, required=True)
    stored = []
    for upload in files:
        if not _already_attached(case, upload):
            stored.append(attachment_store(actor=actor, case=case, upload=upload))
    return stored


def _attachments_q(case) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type__app_label=case._meta.app_label,
        content_type__model=case._meta.model_name,
        object_id=case.pk,
    )


def attachments_may_see(actor, case) -> bool:
    """The case app's rule: a deviation's attachments follow the patient reference's."""
    rule = ATTACHMENT_RULES.get(case._meta.label_lower)
    return bool(rule) and can(actor, rule.permission, rule.side(case))


def attachments_of(*, actor, case) -> QuerySet[Attachment]:
    """The case's attachments, for those who may see them; none for anybody else."""
    if not attachments_may_see(actor, case):
        return Attachment.objects.none()
    return _attachments_q(case).select_related("uploaded_by")


def attachment_open(*, actor, pk: int, channel: str = "page", detail: str = "") -> Attachment:
    """An attachment for download: the case through its app's selector (a stranger gets 404),
    the attachment rule (403 for someone who sees the case only); the read is logged, with
    the door it went through (`channel`: the page or the API, `detail`: e.g. the token)."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    model = attachment.content_type.model_class()
    rule = ATTACHMENT_RULES.get(model._meta.label_lower) if model else None
    if rule is None:
        raise Http404
    case = rule.case_for(actor, attachment.object_id)
    if not can(actor, rule.permission, rule.side(case)):
        raise PermissionDenied(ATTACHMENT_NOT_ALLOWED)
    detail = f"attachment {attachment.pk}" + (f", {detail}" if detail else "")
    read_record(actor=actor, target=case, channel=channel, detail=detail)
    return attachment


def attachment_purge(attachment: Attachment) -> None:
    """Retention: the file and its row go with the case's free text."""
    attachment.file.delete(save=False)
    attachment.delete()


__all__ = [
    "attachment_open",
    "attachment_problem",
    "attachment_purge",
    "attachment_rule_for",
    "attachment_store",
    "attachments_add",
    "attachments_check",
    "attachments_of",
]
