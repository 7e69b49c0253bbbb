"""The personnummer guard on every free-text field of every Samsyn model.

Runs over all models after every app has loaded, so fields the feature apps add are checked
without editing this file. A field that is not free text goes in NOT_FREE_TEXT with a reason.
"""

from django.apps import apps
from django.db import models

from samsyn.core.privacy import no_personal_identity_number

# Fields that hold no free text written by people, so the guard does not apply.
NOT_FREE_TEXT = {
    # The API's machinery (issue 21): a token's first characters and hash, an idempotency
    # key's sender, key and fingerprint are made by machines, never typed as prose.
    "api.apitoken.prefix",
    "api.apitoken.secret_hash",
    "api.idempotencykey.scope",
    "api.idempotencykey.key",
    "api.idempotencykey.fingerprint",
    # The rate window's key (decision 0035): "token:" and the token's hash, or "user:" and an
    # id, made by the server.
    "api.ratewindow.key",
    # A frozen step protocol's checksum (decision 0017): computed, never typed.
    "disagreements.stepprotocol.content_hash",
    # The outbox (decision 0015) keeps the e-mails Samsyn itself wrote from its own texts, to
    # an address of the person's account, and the mail server's error: never typed by a user.
    "outbox.outboxmessage.recipient",
    "outbox.outboxmessage.subject",
    "outbox.outboxmessage.body",
    "outbox.outboxmessage.last_error",
    # A webhook's signing key (issue 21 item 7): made by Samsyn, never typed.
    "outbox.webhooksubscription.secret",
    # The name of an uploaded history file (issue 21 item 5), shown only on the county
    # administrator's import page; the rows' text is checked by the deviations' rules.
    "history.importrun.file_name",
    # Names of places and organisations from reference data (län, huvudman, vårdgivare, enhet).
    "parties.county.name",
    "parties.subregion.name",
    "parties.party.name",
    "parties.party.short_name",
    "parties.cooperationarea.name",
    "parties.county.patient_safety_forum",
    "parties.careprovider.name",
    "parties.careunit.name",
    # Official codes (länskod, kommunkod).
    "parties.county.code",
    "parties.party.code",
    # Governing documents: short codes, titles, owners, version labels, section numbers and
    # titles of public documents, and the councils' register references (diarienummer).
    "agreements.governingdocument.code",
    "agreements.governingdocument.title",
    "agreements.governingdocument.owner",
    "agreements.documentversion.version",
    "agreements.documentsection.number",
    "agreements.documentsection.title",
    "agreements.adoptiondecision.reference",
    "agreements.termination.reference",
    # Written by the system, not typed by people: notifications are built by the services
    # from case numbers and titles (never from case free text); url is an in-app link path.
    "core.notification.subject",
    "core.notification.body",
    "core.notification.url",
    # The audit trail and read log copy names, codes, ids and hashes; they cannot be purged
    # (append-only), which is why audit data must never carry free text (docs/security.md).
    "audit.auditevent.username",
    "audit.auditevent.provider_name",
    "audit.auditevent.roles",
    "audit.auditevent.action",
    "audit.auditevent.object_type",
    "audit.auditevent.object_id",
    "audit.auditevent.prev_hash",
    "audit.auditevent.hash",
    "audit.auditchainhead.last_hash",
    "audit.readevent.username",
    "audit.readevent.provider_name",
    "audit.readevent.object_type",
    "audit.readevent.object_id",
    "audit.readevent.detail",
    # The case history stores each move's code and the states' codes from the workflow's
    # table (cases/workflow.py), never typed text; its note is guarded.
    "cases.transition.move",
    "cases.transition.from_state",
    "cases.transition.to_state",
    # Issue 18: the patient reference is a Fernet token (encrypted, the number is meant to be
    # in it, readable only by the two units' handlers); an attachment's type is the MIME type
    # read from its content, not typed.
    "deviations.patientreference.token",
    "attachments.attachment.mime_type",
}

# Free text still waiting for the guard in a branch that is being built right now.
# Remove an entry when its branch is merged; the test below then holds it.
PENDING: set[str] = set()

# URL, e-mail and slug fields are CharFields by type but never free text.
NOT_FREE_TEXT_TYPES = (models.URLField, models.EmailField, models.SlugField)


def _text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("samsyn."):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or isinstance(field, NOT_FREE_TEXT_TYPES):
                continue  # choice fields hold codes from a fixed list
            yield f"{model._meta.label_lower}.{field.name}", field


def test_every_free_text_field_refuses_personal_identity_numbers():
    unguarded = [
        name
        for name, field in _text_fields()
        if name not in NOT_FREE_TEXT | PENDING
        and no_personal_identity_number not in field.validators
    ]
    assert not unguarded, (
        "Free-text fields without validators=[no_personal_identity_number] (or add them to "
        f"NOT_FREE_TEXT with a reason): {unguarded}"
    )


def test_the_allowlist_names_only_fields_that_exist():
    """A renamed or removed field must leave the allowlist too, so it cannot hide a new one."""
    existing = {name for name, _field in _text_fields()}
    assert not (NOT_FREE_TEXT - existing), NOT_FREE_TEXT - existing


def test_pending_fields_are_still_unguarded():
    """When a pending field gets its guard, move it out of PENDING."""
    fields = dict(_text_fields())
    guarded = {
        n for n in PENDING if n in fields and no_personal_identity_number in fields[n].validators
    }
    assert not guarded, f"Remove from PENDING, they are guarded now: {guarded}"
