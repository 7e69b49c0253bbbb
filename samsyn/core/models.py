from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, FieldError, ValidationError
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number


def constraint_fields(model, constraint) -> set[str] | None:
    """The names of the fields a constraint reads (its fields, condition and expressions), or
    None when one of them is not a plain field of the model."""
    refs = set(getattr(constraint, "fields", ()) or ())
    for part in (getattr(constraint, "condition", None), *getattr(constraint, "expressions", ())):
        if part is not None:
            refs |= models.Q(part).referenced_base_fields
    names = set()
    for ref in refs:
        try:
            names.add(model._meta.get_field(ref).name)
        except FieldDoesNotExist:
            return None
    return names


class ConstraintsReadOwnFields:
    """A model mixin: `validate_constraints()` as Django's, with the same constraints and the
    same errors, cheaper. Django checks each check constraint in a query of its own (and a
    savepoint around it) with every field of the row as a value: 11 constraints × 60 fields
    cost a case's report 33 statements and tens of milliseconds (issue 16). Here the check
    constraints are asked in one query with the fields they read, and every other constraint
    is checked against the fields it reads."""

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        concrete = {f.name for f in self._meta.concrete_fields}
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            checks = [c for c in model_constraints if isinstance(c, models.CheckConstraint)]
            broken = _checks_broken(self, model_class, checks, exclude, using)
            for constraint in model_constraints:
                try:
                    if broken is not None and constraint in checks:
                        if constraint in broken:
                            raise ValidationError(
                                constraint.get_violation_error_message(),
                                code=constraint.violation_error_code,
                            )
                        continue
                    reads = constraint_fields(model_class, constraint)
                    unread = concrete - reads if reads is not None else set()
                    constraint.validate(model_class, self, exclude=exclude | unread, using=using)
                except ValidationError as e:
                    if getattr(e, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(e)
                    else:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def _checks_broken(instance, model_class, checks, exclude, using) -> list | None:
    """The check constraints the row breaks, asked in one query (as Django's Q.check asks each:
    the row's values as a SELECT's annotations, NULL counted as passing). A constraint that
    reads an excluded field is skipped, as Django skips it. None when the database could not
    answer or a constraint reads more than plain fields: each is then checked Django's way."""
    if not checks or not connections[using].features.supports_comparing_boolean_expr:
        return None
    reads = set()
    for constraint in checks:
        fields = constraint_fields(model_class, constraint)
        if fields is None:
            return None
        reads |= fields
    unread = {f.name for f in model_class._meta.concrete_fields} - reads
    query = Query(None)
    for name, value in instance._get_field_expression_map(
        meta=model_class._meta, exclude=exclude | unread
    ).items():
        query.add_annotation(
            value if hasattr(value, "resolve_expression") else models.Value(value),
            name,
            select=False,
        )
    asked = []
    for n, constraint in enumerate(checks):
        passing = Coalesce(models.Q(constraint.condition), True, output_field=models.BooleanField())
        try:
            query.add_annotation(passing, f"_check_{n}")
        except FieldError:
            continue  # reads an excluded field
        asked.append(constraint)
    if not asked:
        return []
    connection = connections[using]
    try:
        with transaction.atomic(using=using) if connection.in_atomic_block else nullcontext():
            row = query.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError:
        return None
    return [c for c, passed in zip(asked, row, strict=True) if not passed]


class Notification(models.Model):
    """A message in a person's inbox; its e-mail copy is sent by the outbox's delivery loop
    once the change commits (decision 0035)."""

    # Looked up by the index (user, read_at, -created_at) below: none of its own (0031).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self):
        return self.subject


class Statement(models.Model):
    """A statement the law asks for, readable without signing in: the accessibility statement
    (tillgänglighetsredogörelse, DOS-lagen) and the privacy notice. Its text is the
    organisation's (data, edited by administrators), not a text of the interface."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Personal data")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200, validators=[no_personal_identity_number])
    body = models.TextField(
        _("text"),
        validators=[no_personal_identity_number],
        help_text=_(
            "Paragraphs are separated by an empty line. A line that starts with ## is a "
            "heading, lines that start with - are a list; web addresses become links."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.title
