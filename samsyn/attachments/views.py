"""The one door to an attachment's content: access-checked, logged, always a download."""

from django.http import FileResponse
from django.views.decorators.http import require_GET

from samsyn.attachments.services import attachment_open


@require_GET
def attachment_download(request, pk):
    attachment = attachment_open(actor=request.actor, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
