import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import grant_for
from samsyn.core.forms import DateField, StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number
from samsyn.disagreements.models import Category as DisagreementCategory
from samsyn.parties.models import CareProvider, CooperationArea
from samsyn.systemic import services
from samsyn.systemic.models import Forum
from samsyn.systemic.selectors import groupable_deviations, possible_owners

_TEXT = [no_personal_identity_number]


class SystemicIssueForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Systemic issue"),
        max_length=200,
        validators=_TEXT,
        help_text=_("E.g. “Medication lists missing at discharge from hospital X”."),
        error_messages={"required": services.TITLE_REQUIRED},
    )
    cause = forms.CharField(
        label=_("The shared cause"),
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.CAUSE_REQUIRED},
    )
    deviations = forms.ModelMultipleChoiceField(
        label=_("Member cases"),
        queryset=CareProvider.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The cases lifted to your level that share the cause."),
        error_messages={"required": services.CASES_REQUIRED},
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=CareProvider.objects.none(),
        empty_label=_("Choose owner"),
        error_messages={"required": services.OWNER_REQUIRED},
    )
    forum = forms.ChoiceField(
        label=_("Forum"),
        choices=[("", _("Choose forum")), *Forum.choices],
        error_messages={"required": services.FORUM_REQUIRED},
    )
    area = forms.ModelChoiceField(
        label=_("Cooperation area"),
        queryset=CooperationArea.objects.none(),
        required=False,
        empty_label=_("No particular area"),
        help_text=_("Required when the sub-regional group follows the issue up."),
    )
    measures = forms.CharField(
        label=_("Measures"),
        required=False,
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_due = DateField(label=_("To be followed up by"), required=False)
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, **kwargs):
        kwargs["initial"] = {"submission_token": uuid.uuid4(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        grant = grant_for(actor, "systemic.manage")
        self.fields["deviations"].queryset = groupable_deviations(actor)
        self.fields["deviations"].label_from_instance = lambda d: f"{d.reference} {d.title}"
        areas = CooperationArea.objects.filter(
            pk__in=grant.area_ids
        ) | CooperationArea.objects.filter(county__in=grant.county_ids)
        self.fields["area"].queryset = areas.order_by("name")
        counties = grant.county_ids | set(areas.values_list("county_id", flat=True))
        self.fields["owner"].queryset = possible_owners(counties)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.style_fields()

    def data_for_service(self) -> services.SystemicIssueData:
        values = dict(self.cleaned_data)
        values["deviations"] = list(values["deviations"])
        return services.SystemicIssueData(**values)


class LiftForm(StyledFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is the disagreement about?"),
        queryset=DisagreementCategory.objects.none(),
        empty_label=_("Choose a category"),
        error_messages={"required": services.CATEGORY_REQUIRED},
    )
    counterpart_provider = forms.ModelChoiceField(
        label=_("The other party's care provider"),
        queryset=CareProvider.objects.none(),
        empty_label=_("Choose care provider"),
        error_messages={
            "required": services.OTHER_PARTY_REQUIRED,
            "invalid_choice": services.OTHER_PARTY_REQUIRED,
        },
    )

    def __init__(self, *args, actor, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DisagreementCategory.objects.filter(is_active=True)
        _own, other = services.lift_providers(actor, issue)
        self.fields["counterpart_provider"].queryset = CareProvider.objects.filter(
            pk__in=[p.pk for p in other]
        ).order_by("name")
        self.style_fields()
