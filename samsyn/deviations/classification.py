"""The shipped classification, drawn from the county report "Redovisning avvikelser i samverkan
2024" (its figures from MedControl PRO). The values are data, written into rows once; not texts
of the interface.

County administrators maintain the values in the Django admin afterwards: add (e.g. a
new category), rename, reorder or retire (a retired value stays readable on old cases).
Deliberately absent: an unexplained "Övrigt" patient consequence (the report: "Det är
oklart vad 'Övrigt' innebär") and a silent "Ingen åtgärd" (a reasoned decision instead).
"""

# (name, is_other, definition): the definition is shown beside the choice (issue 19 item 3).
CATEGORIES = [
    (
        "Läkemedel i vårdens övergångar",
        False,
        "Läkemedel, recept eller läkemedelslistor som saknas, är fel eller kommer för sent när "
        "patienten går mellan vårdgivare.",
    ),
    (
        "Vård och behandling",
        False,
        "Vård eller behandling som inte blev av eller blev fel för att vårdgivarna inte "
        "samverkade som avtalat.",
    ),
    (
        "In- och utskrivning",
        False,
        "Planering, besked och överlämning när patienten skrivs in i eller ut från sluten "
        "vård. Främst utskrivning från sluten vård.",
    ),
    (
        "Informationsöverföring",
        False,
        "Information som skulle ha gått mellan vårdgivarna kom inte fram, kom för sent eller "
        "var fel.",
    ),
    (
        "Avtal och överenskommelser",
        False,
        "En vårdgivare följde inte ett avtal, en överenskommelse eller en riktlinje om vem som "
        "ansvarar för vad.",
    ),
    (
        "Egenvård",
        False,
        "Bedömning, planering eller överlämning av egenvård, till exempel när det är oklart "
        "om en insats är egenvård eller hälso- och sjukvård.",
    ),
    (
        "SIP",
        False,
        "Samordnad individuell plan: en SIP som inte kallas till, inte hålls eller inte följs.",
    ),
    (
        "Synpunkter och klagomål",
        False,
        "Synpunkter och klagomål mellan vårdgivare, när inget styrande dokument har brutits.",
    ),
    (
        "Annat",
        True,
        "Bara när ingen annan kategori passar. Förklara alltid vad det gäller, så att "
        "kategorierna kan förbättras.",
    ),
]
CAUSES = [
    (
        "Kommunikationsbrist mellan vårdgivare",
        False,
        "Vårdgivarna talade inte med varandra, eller missförstod varandra.",
    ),
    ("Bristande rutinföljsamhet", False, "Det finns en rutin, men den följdes inte."),
    (
        "Rutin saknas eller är oklar",
        False,
        "Ingen rutin täcker situationen, eller rutinen kan läsas på flera sätt.",
    ),
    (
        "Bristande dokumentation",
        False,
        "Det som gjordes eller beslutades dokumenterades inte, eller dokumenterades fel.",
    ),
    (
        "Kunskap eller utbildning saknas",
        False,
        "Personalen kände inte till rutinen, avtalet eller hur uppgiften görs.",
    ),
    (
        "Bemanning eller arbetsbelastning",
        False,
        "För få personer eller för hög belastning gjorde att något inte hanns med.",
    ),
    (
        "Teknik eller IT-stöd",
        False,
        "Ett it-system eller annan teknik fungerade inte eller stödde inte arbetet.",
    ),
    ("Annan orsak", True, "Bara när ingen annan orsak passar. Förklara i analysen."),
]
# (name, severity, definition): the harm scale, none to death, for every consequence axis.
PATIENT_CONSEQUENCES = [
    ("Ingen", 0, "Patienten fick ingen skada och påverkades inte."),
    (
        "Risk för vårdskada (tillbud)",
        1,
        "Patienten skadades inte, men händelsen kunde ha lett till vårdskada.",
    ),
    (
        "Lindrig vårdskada",
        2,
        "Övergående obehag eller lidande som inte krävde någon extra vård.",
    ),
    ("Måttlig vårdskada", 3, "Skada som krävde extra vård eller behandling men gick över."),
    ("Allvarlig vårdskada", 4, "Bestående skada eller betydande ökat vårdbehov."),
    ("Dödsfall", 5, "Patienten avled, helt eller delvis till följd av händelsen."),
]
ORGANISATION_CONSEQUENCES = [
    ("Ingen", False, "Händelsen påverkade inte verksamheten."),
    (
        "Förtroendeskada",
        False,
        "Förtroendet mellan vårdgivarna, eller hos patienten och närstående, skadades.",
    ),
    (
        "Ökad arbetsinsats",
        False,
        "Händelsen krävde extra arbete, till exempel extra besök, samtal eller omplanering.",
    ),
    (
        "Ekonomisk",
        False,
        "Händelsen ledde till kostnader, till exempel för extra vårddygn eller transporter.",
    ),
    ("Annan konsekvens", True, "Bara när ingen annan konsekvens passar. Förklara vad den innebär."),
]
# One or two examples per value, one a line on the form (model name, value name).
EXAMPLES = {
    ("Category", "Läkemedel i vårdens övergångar"): [
        "Aktuell läkemedelslista saknades när patienten skrevs ut till korttidsboendet.",
        "Den nya insulindosen framgick inte av epikrisen.",
    ],
    ("Category", "Vård och behandling"): [
        "Ordinerad såromläggning blev inte av eftersom ingen visste vem som hade ansvaret.",
        "Remissen till fysioterapeut skickades aldrig.",
    ],
    ("Category", "In- och utskrivning"): [
        "Patienten skrevs ut en fredagskväll utan att hemsjukvården hade fått besked.",
        "Ingen samordnad utskrivningsplanering hölls trots att behovet fanns.",
    ],
    ("Category", "Informationsöverföring"): [
        "Meddelandet om inskrivning kom först efter två dygn.",
        "Uppgiften om smitta saknades i överrapporteringen.",
    ],
    ("Category", "Avtal och överenskommelser"): [
        "Vårdcentralen avböjde hembesök fast läkaransvaret i överenskommelsen gällde.",
    ],
    ("Category", "Egenvård"): [
        "Egenvårdsbedömningen följde inte med när patienten flyttade till särskilt boende.",
    ],
    ("Category", "SIP"): [
        "Kallelsen till SIP besvarades inte av psykiatrin.",
        "Insatserna som SIP:en beskrev genomfördes inte.",
    ],
    ("Category", "Synpunkter och klagomål"): [
        "Kommunens sjuksköterskor upplever bemötandet i telefon som nedlåtande.",
    ],
    ("Category", "Annat"): [
        "Ett ärende om transport mellan vårdgivarna som ingen kategori täcker.",
    ],
    ("Cause", "Kommunikationsbrist mellan vårdgivare"): [
        "Ingen bekräftade att hemsjukvården hade tagit emot meddelandet.",
    ],
    ("Cause", "Bristande rutinföljsamhet"): ["Checklistan vid utskrivning fylldes inte i."],
    ("Cause", "Rutin saknas eller är oklar"): [
        "Det är oklart vem som förnyar recept efter utskrivning.",
    ],
    ("Cause", "Bristande dokumentation"): ["Ordinationsändringen gavs bara muntligt."],
    ("Cause", "Kunskap eller utbildning saknas"): [
        "En nyanställd sjuksköterska kände inte till hur man kallar till SIP.",
    ],
    ("Cause", "Bemanning eller arbetsbelastning"): ["Ingen läkare fanns att nå under helgen."],
    ("Cause", "Teknik eller IT-stöd"): [
        "Meddelandet fastnade i it-systemet och nådde aldrig mottagaren.",
    ],
    ("PatientConsequence", "Ingen"): ["Felet upptäcktes innan det nådde patienten."],
    ("PatientConsequence", "Risk för vårdskada (tillbud)"): [
        "Fel dos låg i dosetten men upptäcktes innan patienten tog den.",
    ],
    ("PatientConsequence", "Lindrig vårdskada"): [
        "Patienten fick vänta ett dygn på smärtlindring.",
        "Oro och otrygghet under några dagar efter hemgången.",
    ],
    ("PatientConsequence", "Måttlig vårdskada"): [
        "Ett trycksår som krävde omläggningar i flera veckor.",
    ],
    ("PatientConsequence", "Allvarlig vårdskada"): [
        "Återinläggning på sjukhus efter utebliven läkemedelsbehandling.",
    ],
    ("PatientConsequence", "Dödsfall"): [],
    ("OrganisationConsequence", "Förtroendeskada"): [
        "Närstående framförde klagomål till båda vårdgivarna.",
    ],
    ("OrganisationConsequence", "Ökad arbetsinsats"): [
        "Hemsjukvården fick göra tre extra besök för att få fram läkemedlen.",
    ],
    ("OrganisationConsequence", "Ekonomisk"): [
        "Extra vårddygn på sjukhus i väntan på hemtjänst.",
    ],
}
# What migration 0002 shipped, so the guidance replaces only untouched texts.
_SHIPPED_BEFORE = {
    "Främst utskrivning från sluten vård.",
    "Samordnad individuell plan.",
    "Synpunkter och klagomål mellan vårdgivare.",
    "Förklara alltid vad det gäller.",
    "Förklara i analysen.",
    "Patienten påverkades inte och kunde inte ha påverkats.",
    "Händelsen kunde ha lett till vårdskada men gjorde inte det.",
    "Övergående obehag eller lidande.",
    "Krävde extra vård eller behandling.",
    "Förklara vad det innebär.",
}
_ROWS = {
    "Category": CATEGORIES,
    "Cause": CAUSES,
    "PatientConsequence": [(n, False, d) for n, _s, d in PATIENT_CONSEQUENCES],
    "OrganisationConsequence": ORGANISATION_CONSEQUENCES,
}


def classification_guidance_load(*, apps) -> int:
    """Give the shipped values their definition and examples where an administrator has not
    written their own (an empty or the first shipped text is replaced, nothing else)."""
    changed = 0
    for model_name, rows in _ROWS.items():
        model = apps.get_model("deviations", model_name)
        for name, _is_other, definition in rows:
            value = model.objects.filter(name=name).first()
            if value is None:
                continue
            if value.description in _SHIPPED_BEFORE or not value.description:
                value.description = definition
            if not value.examples:
                value.examples = "\n".join(EXAMPLES.get((model_name, name), []))
            value.save(update_fields=["description", "examples"])
            changed += 1
    return changed


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
                defaults={
                    "is_other": is_other,
                    "description": description,
                    "order": order * 10,
                },
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
