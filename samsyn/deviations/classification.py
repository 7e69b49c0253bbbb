"""The shipped classification, drawn from the county report "Redovisning avvikelser i samverkan
2024" (its figures from MedControl PRO). The values are data, written into rows once; not texts
of the interface.

County administrators maintain the values in the Django admin afterwards: add (e.g. a
new category), rename, reorder or retire (a retired value stays readable on old cases).
Deliberately absent: an unexplained "Övrigt" patient consequence (the report: "Det är
oklart vad 'Övrigt' innebär") and a silent "Ingen åtgärd" (a reasoned decision instead).
"""

# (name, is_other, description)
CATEGORIES = [
    ("Läkemedel i vårdens övergångar", False, ""),
    ("Vård och behandling", False, ""),
    ("In- och utskrivning", False, "Främst utskrivning från sluten vård."),
    ("Informationsöverföring", False, ""),
    ("Avtal och överenskommelser", False, ""),
    ("Egenvård", False, ""),
    ("SIP", False, "Samordnad individuell plan."),
    ("Synpunkter och klagomål", False, "Synpunkter och klagomål mellan vårdgivare."),
    ("Annat", True, "Förklara alltid vad det gäller."),
]
CAUSES = [
    ("Kommunikationsbrist mellan vårdgivare", False, ""),
    ("Bristande rutinföljsamhet", False, ""),
    ("Rutin saknas eller är oklar", False, ""),
    ("Bristande dokumentation", False, ""),
    ("Kunskap eller utbildning saknas", False, ""),
    ("Bemanning eller arbetsbelastning", False, ""),
    ("Teknik eller IT-stöd", False, ""),
    ("Annan orsak", True, "Förklara i analysen."),
]
# (name, severity, description): the harm scale, none to death.
PATIENT_CONSEQUENCES = [
    ("Ingen", 0, "Patienten påverkades inte och kunde inte ha påverkats."),
    (
        "Risk för vårdskada (tillbud)",
        1,
        "Händelsen kunde ha lett till vårdskada men gjorde inte det.",
    ),
    ("Lindrig vårdskada", 2, "Övergående obehag eller lidande."),
    ("Måttlig vårdskada", 3, "Krävde extra vård eller behandling."),
    ("Allvarlig vårdskada", 4, "Bestående skada eller betydande ökat vårdbehov."),
    ("Dödsfall", 5, ""),
]
# "Not yet known" (issue 18): the harm is still unclear, so the receiver's patient-safety lead
# is asked for a lex Maria assessment; not a step of the scale (severity 0, listed last).
UNKNOWN_PATIENT_CONSEQUENCE = (
    "Ännu inte känd",
    "Följderna för patienten är ännu inte kända; de bedöms när mer är känt.",
)
ORGANISATION_CONSEQUENCES = [
    ("Ingen", False, ""),
    ("Förtroendeskada", False, ""),
    ("Ökad arbetsinsats", False, ""),
    ("Ekonomisk", False, ""),
    ("Annan konsekvens", True, "Förklara vad det innebär."),
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
    if any(f.name == "is_unknown" for f in model._meta.get_fields()):  # from migration 0009
        name, description = UNKNOWN_PATIENT_CONSEQUENCE
        _obj, new = model.objects.get_or_create(
            name=name,
            defaults={"severity": 0, "description": description, "order": 70, "is_unknown": True},
        )
        created += new
    return created
