from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import object_type_label
from samsyn.audit.models import ReadEvent
from samsyn.audit.selectors import object_types_logged
from samsyn.core.forms import StyledFormMixin

PERIOD_REVERSED = _("Slutdatumet kan inte ligga före startdatumet.")


class _PeriodFilterForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("Användare (användarnamn)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Objekttyp"), required=False)
    object_id = forms.CharField(label=_("Objekt-id (ärendenummer)"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Alla"))] + [
            (t, f"{object_type_label(t)} ({t})") for t in object_types_logged()
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError({"date_to": PERIOD_REVERSED})
        return data

    def filters(self) -> dict:
        """The cleaned filters as selector keyword arguments (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ReadLogFilterForm(_PeriodFilterForm):
    provider = forms.CharField(label=_("Vårdgivare (läsarens)"), required=False, max_length=150)
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Alla"))] + ReadEvent.Channel.choices
    )
    field_order = [
        "username",
        "provider",
        "object_type",
        "object_id",
        "channel",
        "date_from",
        "date_to",
    ]


class TrailFilterForm(_PeriodFilterForm):
    action = forms.CharField(
        label=_("Händelsekod"),
        required=False,
        max_length=100,
        help_text=_("Början av koden räcker, t.ex. deviations."),
    )
    field_order = ["username", "object_type", "object_id", "action", "date_from", "date_to"]
