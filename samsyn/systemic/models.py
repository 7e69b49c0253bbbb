"""A systemic issue in cooperation (systemfel i samverkan, issue 19 item 5): cases that share a
cause, grouped by a coordinator into one issue with its own owner, forum, measures and
follow-up, e.g. "läkemedelslistor saknas vid utskrivning från sjukhus X"."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number

_TEXT = [no_personal_identity_number]


class Forum(models.TextChoices):
    """Where the issue is followed up: the cooperation area's group, NOSAM, the county forum."""

    SUB_REGIONAL = "sub_regional", _("The sub-regional cooperation group")
    NOSAM = "nosam", _("NOSAM")
    COUNTY = "county", _("The county's patient-safety forum")


class SystemicIssue(models.Model):
    access_county_lookup = "county"

    county = models.ForeignKey("parties.County", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("systemic issue"), max_length=200, validators=_TEXT)
    cause = models.TextField(_("the shared cause"), validators=_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="systemic_issues_owned",
    )
    forum = models.CharField(_("forum"), max_length=20, choices=Forum.choices)
    area = models.ForeignKey(
        "parties.CooperationArea",
        verbose_name=_("cooperation area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    measures = models.TextField(_("measures"), blank=True, validators=_TEXT)
    follow_up = models.TextField(_("follow-up"), blank=True, validators=_TEXT)
    follow_up_due = models.DateField(_("to be followed up by"), null=True, blank=True)
    deviations = models.ManyToManyField(
        "deviations.Deviation",
        verbose_name=_("member cases"),
        related_name="systemic_issues",
    )
    disagreement = models.ForeignKey(
        "disagreements.Disagreement",
        verbose_name=_("lifted to the ladder as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systemic_issues",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The new-issue form's one-time key: a double-submitted form creates one issue.
    submission_token = models.UUIDField(
        _("submission key"), null=True, blank=True, unique=True, editable=False
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("systemic issue")
        verbose_name_plural = _("systemic issues")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(forum="sub_regional") | models.Q(area__isnull=False),
                name="systemic_sub_regional_forum_has_area",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("systemic:detail", args=[self.pk])

    # What the access table asks (core/access.py).
    def access_county_id(self):
        return self.county_id

    def access_area_ids(self):
        return [self.area_id] if self.area_id else []

    def access_provider_ids(self):
        return list(
            {
                pk
                for pair in self.deviations.values_list(
                    "reporting_provider_id", "counterpart_provider_id"
                )
                for pk in pair
            }
        )

    def access_party_ids(self):
        return list(
            {
                pk
                for pair in self.deviations.values_list(
                    "reporting_provider__party_id", "counterpart_provider__party_id"
                )
                for pk in pair
            }
        )
