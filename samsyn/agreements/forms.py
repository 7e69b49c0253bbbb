"""Forms of the registry's pages; rules live in the services, forms only collect input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import AdoptionDecision, GoverningDocument
from samsyn.core.forms import DateField, StyledFormMixin
from samsyn.parties.models import Party


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
