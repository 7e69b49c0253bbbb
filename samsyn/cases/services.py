"""Creating a case once: the one-time key of a registration form (a double submit makes one case).

A case model that is registered through a form has a unique `submission_token`; the form
carries a fresh one. The same key sent twice by the same person returns the first case; the
key of another person's form is refused.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

TOKEN_USED = gettext_noop("The form has already been used. Reload the page and try again.")


def case_submitted_before(*, model, token, creator_field: str, actor):
    """The case this person's form already created with `token`, or None when there is none.

    `creator_field` names the case's field for the person who registered it ("reporter").
    """
    if token is None:
        return None
    # Asked by id first: nearly every token is new, and the whole case row (70 columns on a
    # deviation) costs its planning and building on every report (issue 16).
    found = (
        model.objects.filter(submission_token=token)
        .values_list("pk", f"{creator_field}_id")
        .first()
    )
    if found is None:
        return None
    pk, creator_id = found
    if creator_id != actor.user.pk:
        raise ValidationError(gettext(TOKEN_USED), code="token_used")
    return model.objects.get(pk=pk)


def case_save_once(*, case, creator_field: str, actor):
    """Save a new case; when a concurrent submit of the same form saved first, return that one
    instead (the caller then writes nothing more)."""
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        existing = case_submitted_before(
            model=type(case), token=case.submission_token, creator_field=creator_field, actor=actor
        )
        if existing is None:
            raise
        return existing
    return case
