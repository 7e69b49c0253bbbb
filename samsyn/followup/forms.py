"""The area's yearly reflection in one template (issue 20 item 3)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number
from samsyn.followup import services


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
