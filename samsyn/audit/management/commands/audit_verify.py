"""Verify the audit trail's hash chain: `manage.py audit_verify` (exit code 1 when broken)."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.keys import audit_key_version_current
from samsyn.audit.selectors import audit_chain_verify
from samsyn.audit.sink import audit_head_last_exported, audit_head_matches, audit_head_parse
from samsyn.core.management.base import TranslatedCommand


def _keys_used(report) -> str:
    if not report.key_versions:
        return gettext("No key was needed (no events to check).")
    return ngettext(
        "Checked with key version {versions}.",
        "Checked with the key versions {versions}.",
        len(report.key_versions),
    ).format(versions=", ".join(map(str, report.key_versions)))


class Command(TranslatedCommand):
    help = _(
        "Checks the audit trail's keyed hash chain, names the first broken event and which key "
        "versions were used."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            help=_(
                "An exported head as <event id>:<hash> (e.g. from syslog) to check against, "
                "instead of the last one in the AUDIT_HEAD_SINK file."
            ),
        )

    def _exported_head(self, options):
        """The trail must still hold the head last exported outside the database."""
        head = audit_head_parse(options["head"]) if options.get("head") else None
        head = head or audit_head_last_exported()
        if head is None:
            return gettext("No exported head to compare with (AUDIT_HEAD_SINK).")
        if not audit_head_matches(head):
            raise CommandError(
                gettext(
                    "BROKEN CHAIN: the trail no longer holds the head exported {at} (event "
                    "id={id}, hash {hash}): the chain was rewritten or cut off before it."
                ).format(at=head.exported_at or "-", id=head.event_id, hash=head.hash[:16])
            )
        return gettext("Matches the head exported {at} (event id={id}).").format(
            at=head.exported_at or "-", id=head.event_id
        )

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if report.first_broken is not None:
            event = report.first_broken
            reason = (
                " "
                + gettext("Key version {version} is not in AUDIT_HMAC_KEYS.").format(
                    version=report.missing_key_version
                )
                if report.missing_key_version is not None
                else ""
            )
            raise CommandError(
                ngettext(
                    "BROKEN CHAIN: first broken event id={id}, time={at}, action={action} "
                    "({count} event before it is unbroken).",
                    "BROKEN CHAIN: first broken event id={id}, time={at}, action={action} "
                    "({count} events before it are unbroken).",
                    report.count,
                ).format(
                    id=event.pk,
                    at=f"{timezone.localtime(event.at):%Y-%m-%d %H:%M:%S}",
                    action=event.action,
                    count=report.count,
                )
                + f"{reason} {_keys_used(report)}"
            )
        if report.tail_missing:
            raise CommandError(
                ngettext(
                    "BROKEN CHAIN: the end of the chain does not match the saved head after "
                    "{count} event; the newest events have been removed.",
                    "BROKEN CHAIN: the end of the chain does not match the saved head after "
                    "{count} events; the newest events have been removed.",
                    report.count,
                ).format(count=report.count)
                + f" {_keys_used(report)}"
            )
        exported = self._exported_head(options)
        self.stdout.write(
            ngettext(
                "OK: {count} event, the chain is unbroken.",
                "OK: {count} events, the chain is unbroken.",
                report.count,
            ).format(count=report.count)
            + f" {_keys_used(report)} "
            + gettext("New events are signed with key version {version}.").format(
                version=audit_key_version_current()
            )
            + f" {exported}"
        )
