from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samsyn.audit.display import object_type_label
from samsyn.audit.models import ReadEvent
from samsyn.audit.selectors import object_types_logged
from samsyn.core.forms import DateField, StyledFormMixin
from samsyn.core.ids import CaseNumber, case_number_parse

PERIOD_REVERSED = _("The end date cannot be before the start date.")
CASE_NUMBER_INVALID = _(
    "Write the case number as it stands on the case, e.g. AVV-00018 or OE-12, or an object id "
    "of digits only."
)
CASE_NUMBER_OTHER_TYPE = _(
    "{number} is a {kind}, but the object type {chosen} is chosen. Choose All or the right "
    "object type."
)


class _PeriodFilterForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("User (username)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(
        label=_("Case number or object id"),
        required=False,
        max_length=64,
        help_text=_("E.g. AVV-00018 or OE-12."),
    )
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Up to and including"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All"))] + [
            (t, f"{object_type_label(t)} ({t})") for t in object_types_logged()
        ]

    def clean_object_id(self):
        """The case number users see (AVV-00018, avv-18, OE-12) or a plain id."""
        text = self.cleaned_data.get("object_id", "")
        if not text:
            return None
        number = case_number_parse(text)
        if number is None:
            raise ValidationError(CASE_NUMBER_INVALID)
        return number

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError({"date_to": PERIOD_REVERSED})
        number: CaseNumber | None = data.get("object_id")
        if number is not None and number.object_type:
            chosen = data.get("object_type")
            if chosen and chosen != number.object_type:
                self.add_error(
                    "object_id",
                    CASE_NUMBER_OTHER_TYPE.format(
                        number=self.data.get(self.add_prefix("object_id"), "").strip(),
                        kind=object_type_label(number.object_type),
                        chosen=object_type_label(chosen),
                    ),
                )
            else:
                data["object_type"] = number.object_type
        return data

    def filters(self) -> dict:
        """The cleaned filters as selector keyword arguments (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        if data.get("object_id") is not None:
            data["object_id"] = str(data["object_id"].pk)
        return {k: v for k, v in data.items() if v not in (None, "")}


class ReadLogFilterForm(_PeriodFilterForm):
    provider = forms.CharField(
        label=_("Care provider (the reader's)"), required=False, max_length=150
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All"))] + ReadEvent.Channel.choices
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
        label=_("Action code"),
        required=False,
        max_length=100,
        help_text=_("The start of the code is enough, e.g. deviations."),
    )
    field_order = ["username", "object_type", "object_id", "action", "date_from", "date_to"]
