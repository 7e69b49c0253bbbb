"""Forms of the registry's pages; rules live in the services, forms only collect input."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import AdoptionDecision, GoverningDocument
from samsyn.core.forms import DateField, StyledFormMixin
from samsyn.core.privacy import identity_text_normalise, no_personal_identity_number
from samsyn.parties.models import Party

DOCUMENT_CODE_HELP = _(
    "Letters, digits, dots and hyphens, no spaces, e.g. HSA-2027. It is the document's "
    "address and cannot be changed later."
)


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class CountyFormMixin(StyledFormMixin):
    """Sets the county's choices, then validates again.

    StyledFormMixin reads `self.errors` in its __init__ (to mark invalid fields), before a
    subclass can narrow its querysets; errors computed then would come from empty choices.
    """

    def __init__(self, *args, county_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(county_id)
        if self.is_bound:
            self._errors = None
            for name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs.pop("aria-invalid", None)
                if name in self.errors:
                    attrs["aria-invalid"] = "true"

    def set_choices(self, county_id: int) -> None:
        raise NotImplementedError


def _parties(county_id: int, *, municipalities_only: bool = False):
    qs = Party.objects.filter(county_id=county_id).order_by("kind", "name")
    return qs.filter(kind=Party.Kind.MUNICIPALITY) if municipalities_only else qs


class RegimeLookupForm(CountyFormMixin, forms.Form):
    party = PartyChoiceField(
        label=_("Principal"),
        queryset=Party.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a municipality or the region"),
    )
    on_date = DateField(label=_("Date"))

    def set_choices(self, county_id: int) -> None:
        self.fields["party"].queryset = _parties(county_id)


class DecisionForm(CountyFormMixin, forms.Form):
    party = PartyChoiceField(
        label=_("Principal"),
        queryset=Party.objects.none(),
        empty_label=_("Choose a municipality or the region"),
    )
    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=GoverningDocument.objects.none(),
        empty_label=_("Choose a document"),
    )
    status = forms.ChoiceField(
        label=_("Decision"), choices=AdoptionDecision.Status.choices, widget=forms.RadioSelect
    )
    decision_date = DateField(
        label=_("Date of the decision"),
        required=False,
        help_text=_("Required once the decision is made."),
    )
    reference = forms.CharField(
        label=_("Reference number or paragraph"),
        required=False,
        max_length=100,
        help_text=_("E.g. KF § 87. Write no personal data."),
    )

    def set_choices(self, county_id: int) -> None:
        self.fields["party"].queryset = _parties(county_id)
        self.fields["document"].queryset = GoverningDocument.objects.filter(
            county_id=county_id, requires_adoption=True
        )
        if self.fields["document"].queryset.count() == 1:
            self.fields["document"].initial = self.fields["document"].queryset.get()


class TerminationForm(CountyFormMixin, forms.Form):
    party = PartyChoiceField(
        label=_("Municipality"),
        queryset=Party.objects.none(),
        empty_label=_("Choose a municipality"),
    )
    document = forms.ModelChoiceField(
        label=_("Agreement or sub-agreement terminated"),
        queryset=GoverningDocument.objects.none(),
        empty_label=_("Choose the agreement or a sub-agreement"),
        help_text=_(
            "If the agreement is terminated, its sub-agreements end for the municipality too. "
            "A sub-agreement can be terminated on its own without affecting anything else."
        ),
    )
    notified_on = DateField(label=_("Notice of termination received"))
    reference = forms.CharField(
        label=_("Reference number or paragraph"),
        required=False,
        max_length=100,
        help_text=_("Write no personal data."),
    )

    def set_choices(self, county_id: int) -> None:
        self.fields["party"].queryset = _parties(county_id, municipalities_only=True)
        self.fields["document"].queryset = GoverningDocument.objects.filter(
            county_id=county_id, notice_period_months__isnull=False
        ).order_by("kind", "title")


class VersionForm(StyledFormMixin, forms.Form):
    version = forms.CharField(label=_("Version"), max_length=40)
    valid_from = DateField(label=_("Valid from"))
    valid_to = DateField(
        label=_("Valid up to and including"),
        required=False,
        help_text=_("Leave empty if the version applies until further notice."),
    )
    decided_on = DateField(label=_("Decided on"), required=False)
    url = forms.URLField(label=_("Link to the document"), required=False, assume_scheme="https")


class DocumentForm(CountyFormMixin, forms.Form):
    """A governing document's own fields; the short code only when it is added."""

    code = forms.CharField(
        label=_("Short code"),
        max_length=40,
        validators=[no_personal_identity_number],
        help_text=DOCUMENT_CODE_HELP,
    )
    kind = forms.ChoiceField(label=_("Type"), choices=GoverningDocument.Kind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=300, validators=[no_personal_identity_number]
    )
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, validators=[no_personal_identity_number]
    )
    parent = forms.ModelChoiceField(
        label=_("Belongs to"),
        queryset=GoverningDocument.objects.none(),
        required=False,
        empty_label=_("No other document"),
    )
    requires_adoption = forms.BooleanField(
        label=_("Requires a decision by each principal"),
        required=False,
        help_text=_(
            "An agreement or sub-agreement binds a municipality only once it has approved it."
        ),
    )
    adoption_deadline = DateField(label=_("Decision deadline"), required=False)
    notice_period_months = forms.IntegerField(
        label=_("Notice period (months)"), required=False, min_value=0, max_value=120
    )
    agreement_period_months = forms.IntegerField(
        label=_("Agreement period (months)"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=_("The first agreement period, counted from the first version's start date."),
    )
    prolongation_months = forms.IntegerField(
        label=_("Prolongation (months)"), required=False, min_value=0, max_value=120
    )
    answer_days = forms.IntegerField(
        label=_("Days to answer a deviation"),
        min_value=1,
        max_value=365,
        initial=60,
        help_text=_(
            "The receiver of a deviation against this document answers within this many days."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        validators=[no_personal_identity_number],
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, document=None, **kwargs):
        self.document = document
        super().__init__(*args, **kwargs)
        if document is not None and document.pk:
            del self.fields["code"]  # the code is the document's address and its name in the trail

    def clean_code(self):
        # Full-width or other digits and an en dash typed for the hyphen are read as ASCII.
        code = identity_text_normalise(self.cleaned_data["code"]).strip().upper()
        if not re.fullmatch(r"[A-Z0-9._-]+", code):
            raise forms.ValidationError(DOCUMENT_CODE_HELP)
        return code

    def set_choices(self, county_id: int) -> None:
        parents = GoverningDocument.objects.filter(county_id=county_id).order_by("kind", "title")
        if self.document is not None and self.document.pk:
            parents = parents.exclude(pk=self.document.pk)
        self.fields["parent"].queryset = parents


class SectionForm(StyledFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Section"),
        max_length=20,
        validators=[no_personal_identity_number],
        help_text=_("As the document numbers it, e.g. 4.2."),
    )
    title = forms.CharField(
        label=_("Heading"), max_length=300, validators=[no_personal_identity_number]
    )
