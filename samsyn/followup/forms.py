"""The area's yearly reflection in one template (issue 20 item 3); the dashboard's filter
(item 4)."""

import calendar
import datetime

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import QuickSelect, StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations.models import Category
from samsyn.followup import services
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
