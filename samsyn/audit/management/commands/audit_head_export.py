"""`manage.py audit_head_export`: write the audit chain's head to AUDIT_HEAD_SINK (daily by a
timer, and on demand)."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.sink import audit_head_export
from samsyn.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Writes the head of the audit chain (the newest event's id and hash) to the sink "
        "outside the database named by AUDIT_HEAD_SINK."
    )

    def handle(self, *args, **options):
        try:
            head = audit_head_export()
        except (ImproperlyConfigured, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if head is None:
            self.stdout.write(gettext("The trail is empty: nothing to export."))
            return
        self.stdout.write(
            gettext("Exported the head: event {id}, {count} events, hash {hash}.").format(
                id=head.event_id, count=head.events, hash=head.hash
            )
        )
