"""The area's yearly reflection in one template (issue 20 item 3); the dashboard's filter
(item 4)."""

import calendar
import datetime

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import DateField, QuickSelect, StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations.models import Category
from samsyn.followup import services
from samsyn.followup.models import Indicator
from samsyn.followup.report import ReportFilter
from samsyn.parties.models import CareProvider, CareUnit, CooperationArea, SubRegion


def _text(label, help_text, name):
    return forms.CharField(
        label=label,
        help_text=help_text,
        validators=[no_personal_identity_number],
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": services.TEXT_REQUIRED[name]},
    )


class ReflectionForm(StyledFormMixin, forms.Form):
    figures_meaning = _text(
        _("What the figures mean in the area"),
        _("How the area reads its figures: what stands out, what is known locally behind them."),
        "figures_meaning",
    )
    measures_taken = _text(
        _("Measures taken in the area"),
        _("What the area's parties have done together during the year, and with what result."),
        "measures_taken",
    )
    county_should = _text(
        _("What the county should do"),
        _("What the area asks of the county-wide cooperation: routines, training, decisions."),
        "county_should",
    )


PERIODS = [
    ("", _("The whole year")),
    ("q1", _("January–March")),
    ("q2", _("April–June")),
    ("q3", _("July–September")),
    ("q4", _("October–December")),
]


def period_days(year: int, period: str | None):
    """The first and last day of a quarter ("q1"–"q4") of the year; (None, None) for all of it."""
    if not period:
        return None, None
    last_month = 3 * int(period[1])
    start = datetime.date(year, last_month - 2, 1)
    return start, datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])


class CompilationFilterForm(StyledFormMixin, forms.Form):
    """A provider's compilation: the whole year or one quarter (issue 20 item 5)."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)

    def days(self, year: int):
        if not self.is_bound or not self.is_valid():
            return None, None
        return period_days(year, self.cleaned_data.get("period"))


class DashboardFilterForm(StyledFormMixin, forms.Form):
    """The dashboard's cuts (issue 20 item 4), read from the query string; the choices are the
    county's own sub-regions, areas, care providers and, once a provider is chosen, its units."""

    year = forms.TypedChoiceField(label=_("Year of the event"), coerce=int, widget=QuickSelect)
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIODS, required=False, widget=QuickSelect
    )
    sub_region = forms.ModelChoiceField(
        label=_("Sub-region"),
        queryset=SubRegion.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    area = forms.ModelChoiceField(
        label=_("Cooperation area"),
        queryset=CooperationArea.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    provider = forms.ModelChoiceField(
        label=_("Care provider (either side)"),
        queryset=CareProvider.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (either side)"),
        queryset=CareUnit.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )

    def __init__(self, data, *, county, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["sub_region"].queryset = SubRegion.objects.filter(county=county)
        self.fields["area"].queryset = CooperationArea.objects.filter(county=county)
        self.fields["provider"].queryset = CareProvider.objects.filter(
            party__county=county
        ).order_by("name")
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        # Without script the unit menu follows the provider when the form is sent; with htmx
        # it follows at once.
        self.fields["provider"].widget.attrs.update(
            {
                "hx-get": reverse("followup:index"),
                "hx-vals": '{"part": "unit"}',
                "hx-include": "closest form",
                "hx-target": "#dashboard-unit",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
                "hx-sync": "closest form:replace",
            }
        )
        provider = self.data.get("provider") if self.data else None
        units = CareUnit.objects.none()
        if provider and str(provider).isdigit():
            units = CareUnit.objects.filter(provider_id=provider, provider__party__county=county)
        self.fields["unit"].queryset = units
        if not units.exists():
            self.fields["unit"].help_text = _("Choose a care provider first.")

    def report_filter(self, default_year: int) -> ReportFilter:
        """The filter the figures use: the year (and quarter) and the cuts, or the default
        year whole if the query string does not make sense."""
        if not self.is_bound or not self.is_valid():
            return ReportFilter(year=default_year)
        d = self.cleaned_data
        year = d["year"]
        start, end = period_days(year, d.get("period"))
        return ReportFilter(
            year=year,
            start=start,
            end=end,
            **{
                f"{name}_id": d[name].pk if d.get(name) else None
                for name in ("sub_region", "area", "provider", "unit", "category")
            },
        )


# The county's follow-up settings (settings_views.py, issue 23 item 4).


class DeadlineForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year reflected on"),
        min_value=2000,
        max_value=2999,
        help_text=_("The year whose figures the areas reflect on."),
    )
    due_on = DateField(
        label=_("To be submitted by"),
        help_text=_("Usually in the spring of the following year."),
    )


class IndicatorForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, validators=[no_personal_identity_number]
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        validators=[no_personal_identity_number],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the county follows it, in a sentence or two."),
    )
    measure = forms.ChoiceField(label=_("What is measured"), choices=Indicator.Measure.choices)
    target = forms.DecimalField(
        label=_("Target"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=_("In the measure's unit: a number, a share in per cent or days."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Indicator.Direction.choices)
    sub_region = forms.ModelChoiceField(
        label=_("Only the sub-region"),
        queryset=SubRegion.objects.none(),
        required=False,
        empty_label=_("The whole county"),
    )
    area = forms.ModelChoiceField(
        label=_("Only the cooperation area"),
        queryset=CooperationArea.objects.none(),
        required=False,
        empty_label=_("The whole county"),
    )
    category = forms.ModelChoiceField(
        label=_("Only the category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Every category"),
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("Lower numbers are shown first."),
    )
    is_active = forms.BooleanField(
        label=_("Shown on the dashboard and in the annual report"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, county_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_region"].queryset = SubRegion.objects.filter(county_id=county_id)
        self.fields["area"].queryset = CooperationArea.objects.filter(county_id=county_id)
