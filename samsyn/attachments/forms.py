"""The one form for attaching documents to a case, whichever case type (issue 18): it parses
the files; the case app's service checks each one's content (services.attachments_check)."""

from django.utils.translation import gettext_lazy as _

from samsyn.attachments.services import ATTACHMENT_REQUIRED
from samsyn.core.forms import CaseForm, MultipleFileField


class AttachForm(CaseForm):
    files = MultipleFileField(
        label=_("Documents to attach"),
        help_text=_("PDF, images or office documents."),
        error_messages={"required": ATTACHMENT_REQUIRED},
    )
