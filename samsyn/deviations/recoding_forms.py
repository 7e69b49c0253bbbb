"""The re-coding queue's form (issue 19 item 4): the cases ticked, or one row's own button,
and the category they go to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import StyledFormMixin
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations.models import Category
from samsyn.deviations.services.recoding import RECODE_CATEGORY_REQUIRED, RECODE_NO_CASES

# A row's own button posts "one=<case id>:<category id>": re-code that case to that category.
ONE = "one"


class RecodeForm(StyledFormMixin, forms.Form):
    deviations = forms.ModelMultipleChoiceField(
        label=_("Cases to re-code"),
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": RECODE_NO_CASES,
            "invalid_choice": _("A case chosen is no longer in the queue. Reload the page."),
            "invalid_pk_value": _("A case chosen is no longer in the queue. Reload the page."),
        },
    )
    # Every category, a retired one too: the service refuses it with its own message.
    category = forms.ModelChoiceField(
        label=_("Re-code the ticked cases to"),
        queryset=Category.objects.all(),
        empty_label=_("Choose category"),
        error_messages={
            "required": RECODE_CATEGORY_REQUIRED,
            "invalid_choice": RECODE_CATEGORY_REQUIRED,
        },
    )
    note = forms.CharField(
        label=_("Note for the cases' history (optional)"),
        required=False,
        max_length=500,
        validators=[no_personal_identity_number],
    )

    def __init__(self, data=None, *, queue, **kwargs):
        if data is not None and data.get(ONE):
            case, _sep, category = data[ONE].partition(":")
            data = data.copy()
            data.setlist("deviations", [case])
            data["category"] = category
        super().__init__(data, **kwargs)
        self.fields["deviations"].queryset = queue
        self.fields["category"].choices = [
            ("", self.fields["category"].empty_label),
            *[(c.pk, c.name) for c in Category.objects.filter(is_active=True, is_other=False)],
        ]
        self.style_fields()
