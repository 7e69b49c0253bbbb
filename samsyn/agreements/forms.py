"""Forms of the registry's pages; rules live in the services, forms only collect input."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import AdoptionDecision, GoverningDocument
from samsyn.core.forms import StyledFormMixin
from samsyn.parties.models import Party

DATE_HELP = _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-01.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


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
        label=_("Huvudman"),
        queryset=Party.objects.none(),
        to_field_name="code",
        empty_label=_("Välj kommun eller region"),
    )
    on_date = forms.DateField(label=_("Datum"), help_text=DATE_HELP, widget=DateInput())

    def set_choices(self, county_id: int) -> None:
        self.fields["party"].queryset = _parties(county_id)


class DecisionForm(CountyFormMixin, forms.Form):
    party = PartyChoiceField(label=_("Huvudman"), queryset=Party.objects.none())
    document = forms.ModelChoiceField(
        label=_("Dokument"), queryset=GoverningDocument.objects.none()
    )
    status = forms.ChoiceField(
        label=_("Beslut"), choices=AdoptionDecision.Status.choices, widget=forms.RadioSelect
    )
    decision_date = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        help_text=format_lazy("{} {}", _("Krävs när beslutet är fattat."), DATE_HELP),
        widget=DateInput(),
    )
    reference = forms.CharField(
        label=_("Diarienummer eller paragraf"),
        required=False,
        max_length=100,
        help_text=_("T.ex. KF § 87. Skriv inga personuppgifter."),
    )

    def set_choices(self, county_id: int) -> None:
        self.fields["party"].queryset = _parties(county_id)
        self.fields["document"].queryset = GoverningDocument.objects.filter(
            county_id=county_id, requires_adoption=True
        )
        if self.fields["document"].queryset.count() == 1:
            self.fields["document"].initial = self.fields["document"].queryset.get()


class TerminationForm(CountyFormMixin, forms.Form):
    party = PartyChoiceField(label=_("Kommun"), queryset=Party.objects.none())
    document = forms.ModelChoiceField(
        label=_("Avtal eller överenskommelse som sägs upp"),
        queryset=GoverningDocument.objects.none(),
        help_text=_(
            "Sägs avtalet upp upphör även dess överenskommelser för kommunen. "
            "En överenskommelse kan sägas upp för sig utan att något annat påverkas."
        ),
    )
    notified_on = forms.DateField(
        label=_("Uppsägningen mottagen"), help_text=DATE_HELP, widget=DateInput()
    )
    reference = forms.CharField(
        label=_("Diarienummer eller paragraf"),
        required=False,
        max_length=100,
        help_text=_("Skriv inga personuppgifter."),
    )

    def set_choices(self, county_id: int) -> None:
        self.fields["party"].queryset = _parties(county_id, municipalities_only=True)
        self.fields["document"].queryset = GoverningDocument.objects.filter(
            county_id=county_id, notice_period_months__isnull=False
        ).order_by("kind", "title")


class VersionForm(StyledFormMixin, forms.Form):
    version = forms.CharField(label=_("Version"), max_length=40)
    valid_from = forms.DateField(label=_("Gäller från"), help_text=DATE_HELP, widget=DateInput())
    valid_to = forms.DateField(
        label=_("Gäller till och med"),
        required=False,
        help_text=format_lazy(
            "{} {}", _("Lämna tomt om versionen gäller tills vidare."), DATE_HELP
        ),
        widget=DateInput(),
    )
    decided_on = forms.DateField(
        label=_("Beslutad"), required=False, help_text=DATE_HELP, widget=DateInput()
    )
    url = forms.URLField(label=_("Länk till dokumentet"), required=False, assume_scheme="https")
