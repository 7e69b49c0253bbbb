"""Forms: they parse input; the rules live in services (their errors come back on the fields)."""

import uuid

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.forms import CaseForm, StyledFormMixin, VersionedForm
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations import services
from samsyn.deviations.governance import documents_citable, earliest_event_date
from samsyn.deviations.models import (
    Category,
    Cause,
    LiftedLevel,
    OrganisationConsequence,
    PatientConsequence,
    Status,
)
from samsyn.deviations.selectors import SORTS, DeviationFilters
from samsyn.parties.models import CareProvider, CareUnit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


_REPORT_RULE_FIELDS = (
    "reporting_provider",
    "counterpart_provider",
    "receiving_unit",
    "event_date",
    "category",
    "patient_consequence",
    "organisation_consequence",
    "other_explanation",
    "document",
    "section",
)
_TEXT = [no_personal_identity_number]


class ReportForm(StyledFormMixin, forms.Form):
    """The report a nurse finishes in under two minutes: one page, choices as radio buttons."""

    reporting_provider = forms.ModelChoiceField(
        label=_("Din vårdgivare"), queryset=CareProvider.objects.none()
    )
    counterpart_provider = forms.ModelChoiceField(
        label=_("Vilken vårdgivare gäller avvikelsen?"),
        queryset=CareProvider.objects.none(),
        empty_label=_("Välj vårdgivare"),
        help_text=_("Den andra vårdgivaren, som inte följde avtalet eller rutinen."),
        error_messages={
            "required": services.COUNTERPART_REQUIRED,
            "invalid_choice": _("Välj en annan vårdgivare än din egen i listan."),
        },
    )
    receiving_unit = forms.ModelChoiceField(
        label=_("Unit, if you know it"),
        required=False,
        queryset=CareUnit.objects.none(),
        empty_label=_("No particular unit"),
        help_text=_(
            "The ward, home-care group, primary care centre or team that should receive it. "
            "Without a unit the care provider's deviation handlers receive it."
        ),
        error_messages={"invalid_choice": _("Choose one of the units in the list.")},
    )
    event_date = forms.DateField(
        label=_("När hände det?"),
        widget=DateInput(),
        error_messages={"required": services.EVENT_DATE_REQUIRED},
    )
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=150,
        validators=_TEXT,
        help_text=_("Kort, t.ex. ”Läkemedelslista saknades vid utskrivning”."),
    )
    description = forms.CharField(
        label=_("Vad hände?"),
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beskriv händelsen. Skriv inte patientens namn eller personnummer."),
    )
    document = forms.ModelChoiceField(
        label=_("Vilket avtal eller styrande dokument följdes inte?"),
        queryset=CareProvider.objects.none(),
        empty_label=_("Välj dokument"),
        error_messages={
            "required": services.DOCUMENT_REQUIRED,
            "invalid_choice": services.DOCUMENT_UNKNOWN,
        },
    )
    section = forms.ModelChoiceField(
        label=_("Avsnitt i dokumentet"),
        required=False,
        empty_label=_("Inget särskilt avsnitt"),
        queryset=DocumentSection.objects.none(),
        help_text=_("Frivilligt. Välj om du vet vilket avsnitt det gäller."),
        error_messages={"invalid_choice": services.SECTION_NOT_IN_DOCUMENT},
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": services.CATEGORY_REQUIRED},
    )
    patient_consequence = forms.ModelChoiceField(
        label=_("Konsekvens för patienten"),
        queryset=PatientConsequence.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("Välj alltid, även ”Ingen”."),
        error_messages={"required": services.PATIENT_CONSEQUENCE_REQUIRED},
    )
    organisation_consequence = forms.ModelChoiceField(
        label=_("Konsekvens för organisationen"),
        queryset=OrganisationConsequence.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": services.ORGANISATION_CONSEQUENCE_REQUIRED},
    )
    other_explanation = forms.CharField(
        label=_("Förklara ”Annat”"),
        required=False,
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs om du valt ”Annat” eller ”Annan konsekvens” ovan."),
    )
    patient_affected = forms.BooleanField(label=_("Patienten påverkades"), required=False)
    proposed_measure = forms.CharField(
        label=_("Ditt förslag på åtgärd"),
        required=False,
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Frivilligt. Vad skulle kunna förhindra att det händer igen?"),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, providers, county, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        # One provider (the usual case): taken from the person's role, not asked for.
        self.only_provider = providers[0] if len(providers) == 1 else None
        if self.only_provider:
            del self.fields["reporting_provider"]
        else:
            self.fields["reporting_provider"].queryset = CareProvider.objects.filter(
                pk__in=[p.pk for p in providers]
            )
        # One's own provider is not offered as counterpart: the mistake cannot be made here.
        self.fields["counterpart_provider"].queryset = (
            CareProvider.objects.filter(is_active=True, party__county=county)
            .exclude(pk__in=[self.only_provider.pk] if self.only_provider else [])
            .order_by("name")
        )
        # Grouped by kind: the region's providers, municipalities, private units; the
        # agreement, sub-agreements, guidelines, routines.
        counterpart = self.fields["counterpart_provider"]
        own_kind = providers[0].kind  # the other kind is the usual counterpart: list it first
        counterpart.choices = _grouped(
            sorted(counterpart.queryset, key=lambda p: (p.kind == own_kind, p.kind, p.name)),
            kind_labels={
                CareProvider.Kind.REGIONAL: _("Regionens vårdgivare"),
                CareProvider.Kind.MUNICIPAL: _("Kommuner"),
                CareProvider.Kind.PRIVATE: _("Privata vårdgivare med avtal"),
            },
            empty_label=counterpart.empty_label,
        )
        self._receiving_unit_choices(county)
        documents = documents_citable(county=county)
        self.fields["document"].queryset = documents
        self.fields["document"].choices = _grouped(
            documents,
            kind_labels=dict(GoverningDocument.Kind.choices),
            empty_label=self.fields["document"].empty_label,
        )
        self.fields["section"].queryset = DocumentSection.objects.filter(
            document__in=documents
        ).select_related("document")
        self.fields["section"].label_from_instance = lambda s: f"{s.document.code} {s}"
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["patient_consequence"].label_from_instance = lambda c: (
            f"{c.name} – {c.description}" if c.description else c.name
        )
        self.fields["patient_consequence"].queryset = PatientConsequence.objects.filter(
            is_active=True
        )
        self.fields["organisation_consequence"].queryset = OrganisationConsequence.objects.filter(
            is_active=True
        )
        self.fields["event_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        if earliest := earliest_event_date(county=county):
            self.fields["event_date"].widget.attrs["min"] = earliest.isoformat()
        # Choosing a document narrows the sections (htmx; without script all are listed).
        self.fields["document"].widget.attrs.update(
            {
                "hx-get": reverse("deviations:sections"),
                "hx-target": "#id_section",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def _receiving_unit_choices(self, county) -> None:
        """Units grouped by their provider; choosing either says who will receive it (htmx)."""
        units = CareUnit.objects.filter(
            is_active=True, provider__is_active=True, provider__party__county=county
        ).select_related("provider")
        field = self.fields["receiving_unit"]
        field.queryset = units
        groups: dict[str, list] = {}
        for unit in units.order_by("provider__name", "name"):
            groups.setdefault(unit.provider.name, []).append((unit.pk, unit.name))
        field.choices = [("", field.empty_label), *groups.items()]
        for name in ("counterpart_provider", "receiving_unit"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse("deviations:receivers"),
                    "hx-target": "#receivers",
                    "hx-trigger": "change",
                    "hx-include": "#id_counterpart_provider, #id_receiving_unit",
                }
            )

    def clean(self):
        data = super().clean()
        if self.only_provider:
            data["reporting_provider"] = self.only_provider
        # The service's rules, asked now so every problem shows at once, not one by one.
        if data.get("reporting_provider"):
            problems = services.report_problems(
                services.DeviationReport(**{name: data.get(name) for name in _REPORT_RULE_FIELDS})
            )
            for name, message in problems.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data

    def report(self) -> "services.DeviationReport":
        """The validated form as the service's typed input."""
        return services.DeviationReport(**self.cleaned_data)


def _grouped(queryset, *, kind_labels: dict, empty_label: str) -> list:
    """Choices as <optgroup>s by kind, so a long list reads quickly (validation is unchanged)."""
    groups: dict[str, list] = {}
    for obj in queryset:
        groups.setdefault(str(kind_labels.get(obj.kind, obj.kind)), []).append((obj.pk, str(obj)))
    return [("", empty_label), *groups.items()]


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnalyseForm(VersionedForm):
    # The event analysis's own errors (EventAnalysis fields) belong on these fields.
    service_error_fields = {
        "conducted_on": "ea_conducted_on",
        "participants": "ea_participants",
        "findings": "ea_findings",
    }
    causes = forms.ModelMultipleChoiceField(
        label=_("Orsaker"),
        queryset=Cause.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": services.CAUSE_REQUIRED},
    )
    analysis = forms.CharField(
        label=_("Analys: orsaker på systemnivå"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Vad i rutiner, kommunikation eller organisation gjorde att det hände? "
            "Fokus på system, inte på enskilda personer."
        ),
        error_messages={"required": services.ANALYSIS_REQUIRED},
    )
    ea_conducted_on = forms.DateField(
        label=_("Händelseanalys genomförd (frivilligt)"), required=False, widget=DateInput()
    )
    ea_participants = forms.CharField(
        label=_("Deltagande funktioner"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ea_findings = forms.CharField(
        label=_("Händelseanalysens resultat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("ea_conducted_on") and not data.get("ea_findings"):
            self.add_error("ea_findings", _("Skriv händelseanalysens resultat."))
        if data.get("ea_findings") and not data.get("ea_conducted_on"):
            self.add_error("ea_conducted_on", _("Ange när händelseanalysen genomfördes."))
        return data

    def event_analysis(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("ea_conducted_on"):
            return None
        return {
            "conducted_on": data["ea_conducted_on"],
            "findings": data["ea_findings"],
            "participants": data.get("ea_participants", ""),
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "causes": data["causes"],
            "analysis": data["analysis"],
            "event_analysis": self.event_analysis(),
        }


class MeasureForm(CaseForm):
    owner_provider = forms.ModelChoiceField(
        label=_("Ansvarig vårdgivare"),
        queryset=CareProvider.objects.none(),
        widget=forms.RadioSelect,
    )
    description = forms.CharField(label=_("Åtgärd"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Klar senast"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("owner_provider", self.case.counterpart_provider_id)
        self.fields["owner_provider"].queryset = CareProvider.objects.filter(
            pk__in=self.case.access_provider_ids()
        )


class NoMeasureForm(VersionedForm):
    no_measure_reason = forms.CharField(
        label=_("Motivering: varför behövs ingen åtgärd?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.NO_MEASURE_REASON_REQUIRED},
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"expected_version": data["version"], "reason": data["no_measure_reason"]}


class FollowUpForm(VersionedForm):
    follow_up = forms.CharField(
        label=_("Uppföljning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fick åtgärderna avsedd effekt?"),
        error_messages={"required": services.FOLLOW_UP_REQUIRED},
    )


class LiftForm(VersionedForm):
    lifted_level = forms.ChoiceField(
        label=_("Lyft till"),
        choices=LiftedLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.LIFT_LEVEL_REQUIRED},
    )
    lifted_reason = forms.CharField(
        label=_("Skäl (vilken organisatorisk brist?)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": services.LIFT_REASON_REQUIRED},
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "level": data["lifted_level"],
            "reason": data["lifted_reason"],
        }


class CommentForm(CaseForm):
    text = forms.CharField(
        label=_("Nytt meddelande"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.COMMENT_REQUIRED},
    )


class MeasureDoneForm(StyledFormMixin, forms.Form):
    done_date = forms.DateField(label=_("Genomförd datum"), widget=DateInput())


class DeviationFilterForm(StyledFormMixin, forms.Form):
    VIEWS = [
        ("all", _("Alla ärenden jag kan se")),
        ("mine", _("Mina ärenden")),
        ("reported", _("My reports")),
    ]
    SORT_CHOICES = [
        ("newest", _("Senast registrerad först")),
        ("oldest", _("Äldst först")),
        ("event", _("Händelsedatum")),
        ("ack_due", _("Tidsfrist")),
        ("status", _("Status")),
    ]

    view = forms.ChoiceField(label=_("Visa"), choices=VIEWS, required=False)
    q = forms.CharField(label=_("Sök i text"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alla"))] + Status.choices
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.all(), required=False, empty_label=_("Alla")
    )
    provider = forms.ModelChoiceField(
        label=_("Annan part"),
        queryset=CareProvider.objects.all(),
        required=False,
        empty_label=_("Alla"),
    )
    date_from = forms.DateField(label=_("Händelse från"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Händelse till"), required=False, widget=DateInput())
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    lifted = forms.BooleanField(label=_("Bara lyfta ärenden"), required=False)
    sort = forms.ChoiceField(label=_("Sortera"), choices=SORT_CHOICES, required=False)

    def filters(self) -> DeviationFilters:
        if not self.is_valid():
            return DeviationFilters()
        d = self.cleaned_data
        return DeviationFilters(
            view=d.get("view") or "all",
            q=d.get("q", ""),
            status=d.get("status", ""),
            category=d["category"].pk if d.get("category") else None,
            provider=d["provider"].pk if d.get("provider") else None,
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            overdue=bool(d.get("overdue")),
            lifted=bool(d.get("lifted")),
            sort=d.get("sort") if d.get("sort") in SORTS else "newest",
        )
