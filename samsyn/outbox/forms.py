from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import StyledFormMixin
from samsyn.outbox.models import WebhookEvent


class WebhookSubscriptionForm(StyledFormMixin, forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Care provider"),
        queryset=None,
        error_messages={"required": _("Choose the care provider whose cases it is about.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the receiving system is, e.g. “Incident system”."),
        error_messages={"required": _("Give the subscription a name.")},
    )
    url = forms.URLField(
        label=_("Address (https://…)"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": _("Give the address Samsyn posts to."),
            "invalid": _("Give a whole web address, e.g. https://system.example.se/samsyn."),
        },
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    include_text = forms.BooleanField(
        label=_("Send the case's heading and description"),
        required=False,
        help_text=_(
            "Only if the receiving system may hold them. Without it only ids, dates, states "
            "and provider names are sent; never the patient's identity."
        ),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
