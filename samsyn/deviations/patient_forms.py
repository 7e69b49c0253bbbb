"""Forms for the patient and the regulator on a deviation (issue 18): they parse input; the
rules are in services/patient.py (its errors come back on the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import DateField, StyledFormMixin, VersionedForm
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations import services
from samsyn.deviations.models import LexMaria


class PatientReferenceViewForm(StyledFormMixin, forms.Form):
    """Why the reader needs the patient's identity: the read log keeps the reason."""

    reason = forms.ChoiceField(
        label=_("Why do you need to see the patient's identity?"),
        choices=services.ViewReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.VIEW_REASON_REQUIRED},
    )
    reason_text = forms.CharField(
        label=_("Reason in your own words"),
        required=False,
        max_length=200,
        validators=[no_personal_identity_number],
        help_text=_("Required for “Other”."),
    )


class LexMariaForm(VersionedForm):
    assessment = forms.ChoiceField(
        label=_("Assessment"),
        choices=LexMaria.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.LEX_MARIA_CHOICE_REQUIRED},
    )
    ivo_date = DateField(
        label=_("Reported to IVO on"),
        required=False,
        help_text=_("For “Reported to IVO”."),
    )
    ivo_reference = forms.CharField(
        label=_("IVO's reference"),
        required=False,
        max_length=60,
        validators=[no_personal_identity_number],
        help_text=_("For “Reported to IVO”: IVO's case number."),
    )
    reason = forms.CharField(
        label=_("Why it is not reported"),
        required=False,
        validators=[no_personal_identity_number],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For “Not reported”."),
    )
    review_date = DateField(
        label=_("To be reviewed by"),
        required=False,
        help_text=_("For “Being investigated”."),
    )
