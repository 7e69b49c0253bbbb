import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import DateField, StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number


class TokenCreateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[no_personal_identity_number],
        help_text=_("What the token is for, e.g. “Incident system, test”."),
    )
    expires_on = DateField(
        label=_("Valid until"),
        help_text=_("The token stops working on this day."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"expires_on": timezone.localdate() + datetime.timedelta(days=90)}
        )
        super().__init__(*args, **kwargs)
