from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import StyledFormMixin
from samsyn.history.reading import is_excel

WRONG_TYPE = _("Choose a CSV file (.csv) or an Excel file (.xlsx).")


class ImportForm(StyledFormMixin, forms.Form):
    profile = forms.ModelChoiceField(
        label=_("Source system"),
        queryset=None,
        empty_label=None,
        help_text=_("Its column and value mappings are kept in the administration."),
        error_messages={"required": _("Choose the system the file comes from.")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel (.xlsx) in the layout described in the guide."),
        error_messages={
            "required": _("Choose the file to check."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not (is_excel(file.name) or file.name.lower().endswith((".csv", ".txt"))):
            raise forms.ValidationError(WRONG_TYPE)
        return file


class ExportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Event year"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Empty: every closed case."),
        error_messages={"invalid": _("Give the year as four digits, e.g. 2025.")},
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel")],
        initial="csv",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose CSV or Excel.")},
    )
