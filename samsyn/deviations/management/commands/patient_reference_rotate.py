"""Key rotation for the protected patient reference: `manage.py patient_reference_rotate`.

Put the new key first in PATIENT_REFERENCE_KEYS (keeping the old ones), run this, then remove
the old key. Running it again changes nothing.
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.management.base import TranslatedCommand
from samsyn.deviations.services import patient_references_rotate


class Command(TranslatedCommand):
    help = _("Re-encrypts every protected patient reference with the newest key.")

    def handle(self, *args, **options):
        changed = patient_references_rotate()
        audit_record(
            actor=None, action="deviations.patient_reference.rotated", data={"rows": changed}
        )
        self.stdout.write(
            ngettext(
                "{n} patient reference re-encrypted with the newest key.",
                "{n} patient references re-encrypted with the newest key.",
                changed,
            ).format(n=changed)
            if changed
            else gettext("Every patient reference is already encrypted with the newest key.")
        )
