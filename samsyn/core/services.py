"""Writes every app shares: whitelisted updates with optimistic locking, the database cache's
expired rows removed."""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import constraint_fields

CONCURRENT_EDIT = _(
    "Someone else has changed the case since you opened it. Your changes were not saved: "
    "reload the page, see what has changed and make your change again."
)
CONCURRENT_EDIT_CODE = "concurrent_edit"


def fields_set(instance: Model, fields, data: dict) -> None:
    """Set the named fields that `data` holds on an unsaved or about-to-be-saved instance,
    text stripped (a form's or an API's values; the service validates and saves)."""
    for name in fields:
        if name in data:
            value = data[name]
            setattr(instance, name, value.strip() if isinstance(value, str) else value)


def model_update(
    *, instance: Model, fields: list[str], data: dict, expected_version: int | None = None
) -> dict[str, tuple]:
    """Set the whitelisted fields from data, validate and save; return {field: (before, after)}.

    With `expected_version`, the row is saved only if nobody saved it since that version
    (the model has a `version` field); otherwise the save is refused and nothing changes.
    """
    changes = {}
    for name in fields:
        if name in data and getattr(instance, name) != data[name]:
            changes[name] = (getattr(instance, name), data[name])
            setattr(instance, name, data[name])
    if not changes and expected_version is None:
        return changes
    instance.full_clean(exclude=_unaffected(instance, set(changes)))
    if expected_version is None:
        instance.save(update_fields=list(changes))
        return changes
    values = {name: getattr(instance, name) for name in changes}
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=expected_version)
        .update(**values, version=F("version") + 1)
    )
    if not updated:
        raise ValidationError(CONCURRENT_EDIT, code=CONCURRENT_EDIT_CODE)
    instance.version = expected_version + 1
    return changes


def _unaffected(instance: Model, changed: set[str]) -> list[str] | None:
    """The fields a change cannot make invalid: neither changed nor read by a constraint that
    reads a changed one. The row was valid when saved and the database keeps it so (foreign
    keys, checks, unique), so validating them again only repeats queries: a case's move
    checked every foreign key and constraint of the row (issue 16). None: validate all."""
    names = {instance._meta.get_field(name).name for name in changed}
    affected = set(names)
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            reads = constraint_fields(model_class, constraint)
            if reads is None:
                return None
            if reads & names:
                affected |= reads
    return [f.name for f in instance._meta.concrete_fields if f.name not in affected]


def relations_read(instance: Model) -> set[str]:
    """The foreign keys of `instance` that hold a row read from the database (a form's choice,
    the person's own user): asking again whether that row exists repeats a query the caller
    has just made, and the database's foreign key refuses a row deleted in between. A key with
    `limit_choices_to` is not among them (its check asks more than existence)."""
    return {
        f.name
        for f in instance._meta.concrete_fields
        if f.is_relation
        and not f.remote_field.limit_choices_to
        and f.is_cached(instance)
        and (row := f.get_cached_value(instance)) is not None
        and row.pk is not None
        and not row._state.adding
    }


def new_row_validate(instance: Model, *, exclude=()) -> None:
    """`full_clean(validate_unique=False)` of a row about to be inserted, with the same errors,
    except that the related rows it holds from the database are not looked up again
    (`relations_read`): a report asked twelve times for rows it had just read (issue 16)."""
    errors: dict = {}
    skip = set(exclude)
    try:
        instance.clean_fields(exclude=skip | relations_read(instance))
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    # As full_clean: a field already wrong is not checked again by the constraints.
    skip |= {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        instance.validate_constraints(exclude=skip)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def saved_unless_taken(save, *, field: str, message):
    """Run `save` in a savepoint; a unique row saved by someone else at the same moment is
    `message` on `field` (a form shows it), not a server error."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError as clash:
        raise ValidationError({field: message}) from clash


def cache_expired_delete() -> int:
    """Delete the database cache's expired rows; the number deleted (0 for a cache kept
    elsewhere). Django's database cache removes them only when a write finds more than its
    MAX_ENTRIES rows, so day-long entries of a hundred kilobytes (the report's PDFs) would
    otherwise pile up in the shared table (decision 0032)."""
    backend = caches["default"]
    if not isinstance(backend, BaseDatabaseCache):
        return 0
    connection = connections[router.db_for_write(backend.cache_model_class)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(settings.CACHE_TABLE)} WHERE {quote('expires')} < %s",  # noqa: S608 - names, not input
            [connection.ops.adapt_datetimefield_value(timezone.now())],
        )
        return cursor.rowcount
