"""The chain becomes keyed (HMAC-SHA256 with AUDIT_HMAC_KEYS, issue 14).

Rows written before this migration were chained with plain SHA-256. They are first verified
as such (a broken legacy chain stops the migration, naming the row, so that tampering is never
laundered into a valid keyed chain), then re-chained from the first row with the current key
(docs/decisions/0003-append-only-audit.md). Set AUDIT_HMAC_KEYS before migrating.
"""

import hashlib
import json

import samsyn.audit.keys
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models

GENESIS_HASH = "0" * 64


def _legacy_hash(event) -> str:
    """The plain SHA-256 of the chain before 0005, frozen here."""
    payload = {
        "at": event.at.isoformat(),
        "user_id": event.user_id,
        "username": event.username,
        "provider_name": event.provider_name,
        "roles": event.roles,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    if event.county_id is not None:
        payload["county_id"] = event.county_id
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


def _rechain(apps, schema_editor, *, check, seal):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    events = list(AuditEvent.objects.order_by("id"))
    if not events:
        return
    prev = GENESIS_HASH
    for event in events:
        if not check(event, prev):
            raise RuntimeError(
                f"audit migration 0005: the existing chain is broken at event id={event.pk} "
                f"({event.action}); investigate before re-chaining it."
            )
        prev = event.hash
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # the append-only trigger of 0003 refuses UPDATE, for this migration too
        schema_editor.execute(
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    prev = GENESIS_HASH
    for event in events:
        seal(event, prev)
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=event.prev_hash, hash=event.hash, key_version=event.key_version)
        prev = event.hash
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_hash": prev})
    if postgres:
        schema_editor.execute(
            "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


def rechain_with_key(apps, schema_editor):
    from samsyn.audit.services import event_seal

    _rechain(apps, schema_editor,
             check=lambda event, prev: event.prev_hash == prev
             and _legacy_hash(event) == event.hash,
             seal=lambda event, prev: event_seal(event, prev_hash=prev))


def rechain_without_key(apps, schema_editor):
    from samsyn.audit.services import event_hash

    def seal(event, prev):
        event.prev_hash = prev
        event.hash = _legacy_hash(event)

    _rechain(apps, schema_editor,
             check=lambda event, prev: event.prev_hash == prev and event_hash(event) == event.hash,
             seal=seal)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_refuse_truncate'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='key_version',
            field=models.PositiveSmallIntegerField(default=samsyn.audit.keys.audit_key_version_current, verbose_name='nyckelversion'),
        ),
        migrations.RunPython(rechain_with_key, rechain_without_key),
    ]
