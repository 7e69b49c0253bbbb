from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router
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
    """A model mixin: `validate_constraints()` as Django's, each constraint checked against the
    fields it reads only. Django's check builds a query with every field of the row as a value
    for each constraint: 12 constraints × 60 fields cost a case's report tens of milliseconds
    (issue 16). Same constraints, same errors."""

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        concrete = {f.name for f in self._meta.concrete_fields}
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                reads = constraint_fields(model_class, constraint)
                unread = concrete - reads if reads is not None else set()
                try:
                    constraint.validate(model_class, self, exclude=exclude | unread, using=using)
                except ValidationError as e:
                    if getattr(e, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(e)
                    else:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class Notification(models.Model):
    """A message in a person's inbox; the e-mail copy is sent after the change commits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
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
