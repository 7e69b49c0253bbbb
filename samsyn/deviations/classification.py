"""The shipped classification, drawn from the 2024 report on deviations in cooperation (the 2024
report from MedControl PRO).

County administrators maintain the values in the Django admin afterwards: add (e.g. a
new category), rename, reorder or retire (a retired value stays readable on old cases).
Deliberately absent: an unexplained "Övrigt" patient consequence (the 2024 report on deviations in
cooperation: "Det är
oklart vad 'Övrigt' innebär") and a silent "Ingen åtgärd" (a reasoned decision instead).
"""

from django.utils.translation import gettext_lazy as _

# (name, is_other, description)
CATEGORIES = [
    (_("Medicines in care transitions"), False, ""),
    (_("Care and treatment"), False, ""),
    (_("Admission and discharge"), False, _("Mainly discharge from inpatient care.")),
    (_("Transfer of information"), False, ""),
    (_("Agreements and arrangements"), False, ""),
    (_("Self-care"), False, ""),
    ("SIP", False, "Samordnad individuell plan."),
    (_("Views and complaints"), False, _("Views and complaints between care providers.")),
    ("Annat", True, _("Always explain what it concerns.")),
]
CAUSES = [
    (_("Lack of communication between care providers"), False, ""),
    (_("Routines not followed"), False, ""),
    (_("Routine missing or unclear"), False, ""),
    ("Bristande dokumentation", False, ""),
    (_("Lack of knowledge or training"), False, ""),
    (_("Staffing or workload"), False, ""),
    (_("Technology or IT support"), False, ""),
    ("Annan orsak", True, _("Explain in the analysis.")),
]
# (name, severity, description): the harm scale, none to death.
PATIENT_CONSEQUENCES = [
    ("Ingen", 0, _("The patient was not affected and could not have been.")),
    (
        _("Risk of harm in care (near miss)"),
        1,
        _("The event could have led to harm in care but did not."),
    ),
    (_("Minor harm in care"), 2, _("Passing discomfort or suffering.")),
    (_("Moderate harm in care"), 3, _("Required extra care or treatment.")),
    (_("Serious harm in care"), 4, _("Permanent injury or a considerably greater need of care.")),
    (_("Death"), 5, ""),
]
ORGANISATION_CONSEQUENCES = [
    ("Ingen", False, ""),
    (_("Loss of trust"), False, ""),
    (_("Increased workload"), False, ""),
    ("Ekonomisk", False, ""),
    ("Annan konsekvens", True, _("Explain what it means.")),
]


def classification_defaults_load(*, apps=None) -> int:
    """Create the shipped values that are missing; never changes an administrator's edits."""
    if apps is None:
        from django.apps import apps
    get = apps.get_model
    created = 0
    for model_name, rows in (
        ("Category", CATEGORIES),
        ("Cause", CAUSES),
        ("OrganisationConsequence", ORGANISATION_CONSEQUENCES),
    ):
        model = get("deviations", model_name)
        for order, (name, is_other, description) in enumerate(rows, start=1):
            _obj, new = model.objects.get_or_create(
                name=name,
                defaults={"is_other": is_other, "description": description, "order": order * 10},
            )
            created += new
    model = get("deviations", "PatientConsequence")
    for name, severity, description in PATIENT_CONSEQUENCES:
        _obj, new = model.objects.get_or_create(
            name=name,
            defaults={
                "severity": severity,
                "description": description,
                "order": (severity + 1) * 10,
            },
        )
        created += new
    return created
