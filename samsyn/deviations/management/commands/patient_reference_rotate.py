"""Key rotation for the protected patient reference: `manage.py patient_reference_rotate`.

Put the new key first in PATIENT_REFERENCE_KEYS (keeping the old ones), run this, then remove
the old key. Running it again changes nothing. A reference that no configured key reads is
named and the command fails: the key it was written with must come back before any goes.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.core.management.base import TranslatedCommand
from samsyn.deviations.services import patient_references_rotate


class Command(TranslatedCommand):
    help = _("Re-encrypts every protected patient reference with the newest key.")

    def handle(self, *args, **options):
        result = patient_references_rotate()
        changed = result.changed
        audit_record(
            actor=None,
            action="deviations.patient_reference.rotated",
            data={"rows": changed, "unreadable": len(result.unreadable)},
        )
        self.stdout.write(
            ngettext(
                "{n} patient reference re-encrypted with the newest key.",
                "{n} patient references re-encrypted with the newest key.",
                changed,
            ).format(n=changed)
            if changed or result.unreadable
            else gettext("Every patient reference is already encrypted with the newest key.")
        )
        if result.unreadable:
            raise CommandError(
                ngettext(
                    "{n} patient reference cannot be read with any configured key (deviation "
                    "{ids}). Put back the key it was encrypted with and run this again; remove "
                    "no key until then.",
                    "{n} patient references cannot be read with any configured key "
                    "(deviations {ids}). Put back the key they were encrypted with and run "
                    "this again; remove no key until then.",
                    len(result.unreadable),
                ).format(n=len(result.unreadable), ids=", ".join(map(str, result.unreadable)))
            )
