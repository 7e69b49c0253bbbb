"""Forms: they parse input; the rules live in services (their errors come back on the fields)."""

import functools
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.agreements.models import DocumentSection, GoverningDocument
from samsyn.core.forms import (
    CaseForm,
    DateField,
    MultipleFileField,
    QuickSelect,
    StyledFormMixin,
    VersionedForm,
)
from samsyn.core.ids import id_parse
from samsyn.core.privacy import no_personal_identity_number
from samsyn.deviations import consequences, services
from samsyn.deviations.consequences import UNKNOWN, UNKNOWN_VALUE
from samsyn.deviations.governance import (
    documents_citable,
    documents_governing,
    earliest_event_date,
)
from samsyn.deviations.models import (
    Category,
    Cause,
    EventType,
    LiftedLevel,
    OrganisationConsequence,
    PatientConsequence,
    Status,
)
from samsyn.deviations.selectors import SORTS, DeviationFilters
from samsyn.parties.models import CareProvider, CareUnit, CooperationArea, Party, SubRegion


class DescribedChoices:
    """Options that show their definition and examples beside the choice, linked to the input
    with aria-describedby (issue 19 item 3): visible text, no tooltip, no script needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guidance: dict[str, tuple[str, list[str]]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        definition, examples = self.guidance.get(str(value), ("", []))
        if definition or examples:
            option["definition"], option["examples"] = definition, examples
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_help"
        return option


class DescribedRadioSelect(DescribedChoices, forms.RadioSelect):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "radio-button__input", **(attrs or {})}, choices)


class DescribedCheckboxSelectMultiple(DescribedChoices, forms.CheckboxSelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "checkbox__input", **(attrs or {})}, choices)


def describe(field, values) -> None:
    """Give a described field's options the administrators' definitions and examples."""
    field.widget.guidance = {str(v.pk): (v.description, v.example_list) for v in values}


class ListedChoiceField(forms.ModelChoiceField):
    """A choice among rows the form read to list them (`listed`, {str(pk): row}): a posted one
    among them is taken from that list, not looked up again; any other is looked up as usual
    (a retired value the service names; an unknown id refused). A report asked the database
    again for the category and each consequence it had just listed (issue 16)."""

    listed: dict = {}

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name:
            row = self.listed.get(str(value))
            if row is not None:
                return row
        return super().to_python(value)


class ConsequenceField(ListedChoiceField):
    """A grade on the harm scale, or "Not known yet" (consequences.UNKNOWN)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DescribedRadioSelect)
        super().__init__(queryset=PatientConsequence.objects.none(), **kwargs)

    def offer(self, values) -> None:
        """The active grades and, last, "Not known yet"."""
        self.queryset = PatientConsequence.objects.all()  # a retired one: the service says so
        self.listed = {str(v.pk): v for v in values}
        self.choices = [
            *((v.pk, v.name) for v in values),
            (UNKNOWN_VALUE, _("Not known yet")),
        ]
        describe(self, values)
        self.widget.guidance[UNKNOWN_VALUE] = (
            str(_("Choose it if the harm cannot be judged yet. Set it before the case closes.")),
            [],
        )

    def prepare_value(self, value):
        return UNKNOWN_VALUE if value is UNKNOWN else super().prepare_value(value)

    def to_python(self, value):
        return UNKNOWN if value == UNKNOWN_VALUE else super().to_python(value)

    def validate(self, value):
        if value is not UNKNOWN:
            super().validate(value)


def consequence_fields() -> dict:
    """The three axes of the patient's consequence, as the report and re-classify forms ask
    them."""
    return {
        "patient_consequence": ConsequenceField(
            label=_("Actual consequence: physical harm"),
            error_messages={"required": services.PATIENT_CONSEQUENCE_REQUIRED},
        ),
        "psychological_consequence": ConsequenceField(
            label=_("Actual consequence: psychological harm"),
            error_messages={"required": services.PSYCHOLOGICAL_CONSEQUENCE_REQUIRED},
        ),
        "potential_consequence": ConsequenceField(
            label=_("Potential consequence: what could have happened?"),
            help_text=_("Never lower than the actual consequence."),
            error_messages={"required": services.POTENTIAL_CONSEQUENCE_REQUIRED},
        ),
    }


def classification_choices(form, *, retired_refused_by_service: bool = False) -> None:
    """Offer active values only, each with its definition beside it; the axes add "Not known
    yet". With `retired_refused_by_service` a retired id posted anyway reaches the service,
    which refuses it naming the value (instead of the generic "not a valid choice")."""
    values: dict = {}  # model -> its active values, read once for both category fields
    for name, model in (
        ("category", Category),
        ("secondary_category", Category),
        ("organisation_consequence", OrganisationConsequence),
    ):
        if name not in form.fields:
            continue
        if model not in values:
            values[model] = list(model.objects.filter(is_active=True))
        field, active = form.fields[name], values[model]
        field.queryset = model.objects.all() if retired_refused_by_service else active
        field.listed = {str(v.pk): v for v in active}
        if isinstance(field.widget, DescribedChoices):
            field.choices = [(v.pk, v.name) for v in active]
            describe(field, active)
        else:
            field.choices = [("", field.empty_label), *((v.pk, v.name) for v in active)]
    grades = list(PatientConsequence.objects.filter(is_active=True))
    for name in consequences.HARM_AXES:
        if name in form.fields:
            form.fields[name].offer(grades)


# The labels a type words differently (its short form, issue 19): {type: {field: label}}.
TYPE_LABELS = {
    EventType.RISK: {
        "event_date": _("When was the risk noticed?"),
        "description": _("What is the risk?"),
    },
    EventType.GOOD_COOPERATION: {
        "counterpart_provider": _("Which care provider did you cooperate with?"),
        "event_date": _("When was it?"),
        "description": _("What worked well?"),
        "document": _("Which agreement or governing document did it concern?"),
    },
}

_TEXT = [no_personal_identity_number]


class ReportForm(StyledFormMixin, forms.Form):
    """The report a nurse finishes in under two minutes: one page, choices as radio buttons."""

    reporting_provider = forms.ModelChoiceField(
        label=_("Your care provider"), queryset=CareProvider.objects.none()
    )
    counterpart_provider = forms.ModelChoiceField(
        label=_("Which care provider does the deviation concern?"),
        queryset=CareProvider.objects.none(),
        empty_label=_("Choose care provider"),
        help_text=_("The care provider that receives the deviation."),
        error_messages={
            "required": services.COUNTERPART_REQUIRED,
            "invalid_choice": _("Choose a care provider other than your own in the list."),
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
    event_date = DateField(
        label=_("When did it happen?"),
        error_messages={"required": services.EVENT_DATE_REQUIRED},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        validators=_TEXT,
        help_text=_("Short, e.g. “Medication list missing at discharge”."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Describe the event. Do not write the patient's name or personal identity number."
        ),
    )
    document = forms.ModelChoiceField(
        label=_("Which agreement or governing document was not followed?"),
        queryset=CareProvider.objects.none(),
        empty_label=_("Choose document"),
        error_messages={
            "required": services.DOCUMENT_REQUIRED,
            "invalid_choice": services.DOCUMENT_UNKNOWN,
        },
    )
    section = forms.ModelChoiceField(
        label=_("Section of the document"),
        required=False,
        empty_label=_("No particular section"),
        queryset=DocumentSection.objects.none(),
        help_text=_("Optional. Choose if you know which section it concerns."),
        error_messages={"invalid_choice": services.SECTION_NOT_IN_DOCUMENT},
    )
    event_type = forms.ChoiceField(
        label=_("Type of report"),
        choices=EventType.choices,
        initial=EventType.DEVIATION,
        required=False,
        widget=forms.HiddenInput,
    )
    category = ListedChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        widget=DescribedRadioSelect,
        error_messages={"required": services.CATEGORY_REQUIRED},
    )
    secondary_category = ListedChoiceField(
        label=_("Secondary category, if two fit"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No secondary category"),
        help_text=_("Optional. Choose only where the event falls under two categories."),
    )
    organisation_consequence = ListedChoiceField(
        label=_("Consequence for the organisation"),
        queryset=OrganisationConsequence.objects.none(),
        widget=DescribedRadioSelect,
        error_messages={"required": services.ORGANISATION_CONSEQUENCE_REQUIRED},
    )
    other_explanation = forms.CharField(
        label=_("Explain “Other”"),
        required=False,
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required if you chose “Other” or “Other consequence” above."),
    )
    patient_affected = forms.BooleanField(label=_("The patient was affected"), required=False)
    proposed_measure = forms.CharField(
        label=_("Your suggested measure"),
        required=False,
        validators=_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. What could prevent it from happening again?"),
    )
    # Issue 18: kept apart from the case, encrypted, seen only by the two units' handlers.
    patient_reference = forms.CharField(
        label=_("The patient's personal identity number (optional)"),
        required=False,
        max_length=40,
        help_text=_(
            "Personnummer or samordningsnummer, e.g. 19121212-1212. It is kept apart from "
            "the case, encrypted, and shown only to the handlers of the two units involved."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    attachments = MultipleFileField(
        label=_("Attach documents (optional)"),
        required=False,
        help_text=_(
            "PDF, images or office documents. Seen only by the handlers of the two units "
            "involved. If the form shows an error, choose the files again."
        ),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, providers, county, event_type=EventType.DEVIATION, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_token", uuid.uuid4())
        kwargs["initial"]["event_type"] = event_type
        super().__init__(*args, **kwargs)
        self.fields.update(consequence_fields())
        # Each type asks its own short form (consequences.ASKED): the rest is left out.
        self.event_type = EventType(event_type)
        for name in consequences.asked(event_type).fields_left_out:
            del self.fields[name]
        for name, label in TYPE_LABELS.get(self.event_type, {}).items():
            self.fields[name].label = label
        names = [n for n in self.fields if n not in consequences.HARM_AXES]
        at = names.index("secondary_category") + 1
        self.order_fields([*names[:at], *consequences.HARM_AXES, *names[at:]])
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
            .select_related("party")  # the rules read the chosen one's party
            .order_by("name")
        )
        # Grouped by kind: the region's providers, municipalities, private units; the
        # agreement, sub-agreements, guidelines, routines. Built when the form is shown, not
        # when it is only validated (the API, a valid post): validation asks the queryset
        # for the chosen row alone (issue 16: a report built every provider and unit of the
        # county as choices it never showed).
        counterpart = self.fields["counterpart_provider"]
        own_kind = providers[0].kind  # the other kind is the usual counterpart: list it first
        counterpart.choices = _when_shown(
            lambda: _grouped(
                sorted(counterpart.queryset, key=lambda p: (p.kind == own_kind, p.kind, p.name)),
                kind_labels={
                    CareProvider.Kind.REGIONAL: _("The region's care providers"),
                    CareProvider.Kind.MUNICIPAL: _("Municipalities"),
                    CareProvider.Kind.PRIVATE: _("Private care providers under contract"),
                },
                empty_label=counterpart.empty_label,
            )
        )
        self._receiving_unit_choices(county)
        documents = documents_citable(county=county)
        document = self.fields["document"]
        # Validation looks up the chosen document alone, without the list's sections and
        # versions; the choices list them.
        document.queryset = documents.prefetch_related(None)
        self._documents_listed = documents
        document.choices = _when_shown(
            lambda: _grouped(
                documents,
                kind_labels=dict(GoverningDocument.Kind.choices),
                empty_label=document.empty_label,
            )
        )
        self.fields["section"].queryset = DocumentSection.objects.filter(
            document__in=documents
        ).select_related("document")
        self.fields["section"].label_from_instance = lambda s: f"{s.document.code} {s}"
        self.document_warning = ""
        classification_choices(self, retired_refused_by_service=True)
        # Said before sending, not only refused after (the service keeps the rule); asked
        # when the help text is shown.
        self.fields["event_date"].help_text = _event_date_help(
            self.fields["event_date"].help_text, county
        )
        # While the description is typed, the likely categories are suggested (issue 19 item 4;
        # htmx, debounced; without script nothing is shown).
        self.fields["description"].widget.attrs.update(
            {
                "hx-get": reverse("deviations:suggestions"),
                "hx-target": "#category-suggestions",
                "hx-trigger": "input changed delay:700ms",
                "hx-include": "#id_title, #id_description",
                "hx-sync": "this:replace",
            }
        )
        # Choosing a document narrows the sections (htmx; without script all are listed).
        self.fields["document"].widget.attrs.update(
            {
                "hx-get": reverse("deviations:sections"),
                "hx-target": "#id_section",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def _chosen(self, name: str, values):
        """The provider chosen in `name` (posted or given), if it is one the field offers."""
        field = self.fields.get(name)
        number = id_parse(values.get(name) or "") if field is not None else None
        return field.queryset.filter(pk=number).first() if number else None

    def order_documents(self) -> None:
        """Once the counterpart and the event date are known (posted, or sent by the htmx
        refresh), the documents that governed the two parties that day come first and the
        others are marked, and a chosen one that did not govern them is said before sending
        (issue 24 item 6); the service still checks it when the report is sent. Called when
        the form is shown, not when it is sent: it asks the registry about every document."""
        documents = self._documents_listed
        values = self.data if self.is_bound else self.initial
        counterpart = self._chosen("counterpart_provider", values)
        reporting = self.only_provider or self._chosen("reporting_provider", values)
        try:
            on_date = self.fields["event_date"].to_python(values.get("event_date"))
        except ValidationError:
            on_date = None
        if not (counterpart and reporting and on_date):
            return
        documents = list(documents)
        not_governing = documents_governing(
            documents=documents, provider_a=reporting, provider_b=counterpart, on_date=on_date
        )
        governing = [(d.pk, str(d)) for d in documents if d.pk not in not_governing]
        others = [
            (d.pk, _("%(document)s (did not apply)") % {"document": d})
            for d in documents
            if d.pk in not_governing
        ]
        groups = [
            (_("Applied between the two on %(day)s") % {"day": on_date.isoformat()}, governing),
            (_("Did not apply between them that day"), others),
        ]
        field = self.fields["document"]
        field.choices = [("", field.empty_label), *[(g, c) for g, c in groups if c]]
        self.document_warning = not_governing.get(id_parse(values.get("document") or ""), "")

    def _receiving_unit_choices(self, county) -> None:
        """Units grouped by their provider; choosing either says who will receive it (htmx)."""
        units = CareUnit.objects.filter(
            is_active=True, provider__is_active=True, provider__party__county=county
        ).select_related("provider")
        field = self.fields["receiving_unit"]
        field.queryset = units

        def grouped():
            groups: dict[str, list] = {}
            for unit in units.order_by("provider__name", "name"):
                groups.setdefault(unit.provider.name, []).append((unit.pk, unit.name))
            return [("", field.empty_label), *groups.items()]

        field.choices = _when_shown(grouped)
        for name in ("counterpart_provider", "receiving_unit"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse("deviations:receivers"),
                    "hx-target": "#receivers",
                    "hx-trigger": "change",
                    "hx-include": "#id_counterpart_provider, #id_receiving_unit",
                    # Arrow keys through the list send a request per option: the last wins.
                    "hx-sync": "closest form:replace",
                }
            )

    def clean(self):
        data = super().clean()
        data["event_type"] = self.event_type  # the page's type, not what was posted
        # A value sent for a field the type does not ask (a harm grade on good cooperation)
        # is refused on that field, never dropped in silence (issue 19).
        sent = {
            name: self.data.get(name)
            for name in consequences.asked(self.event_type).fields_left_out
        }
        for name, message in consequences.type_problems(self.event_type, sent).items():
            self._errors.setdefault(name, self.error_class()).append(message)
            self.add_error(None, message)  # the page has no such field to show it on
        if self.only_provider:
            data["reporting_provider"] = self.only_provider
        # The service's rules, asked now so every problem shows at once, not one by one; the
        # report keeps their answer for the service (`report()`), which does not ask again.
        if data.get("reporting_provider"):
            self._checked = services.DeviationReport(
                **{name: data.get(name) for name in services.RULE_FIELDS}
            )
            problems = services.report_problems(self._checked)
            for name, message in problems.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data

    def report(self) -> "services.DeviationReport":
        """The validated form as the service's typed input: the report its rules were asked
        about in `clean()`, with the other fields."""
        report = getattr(self, "_checked", None)
        if report is None:
            return services.DeviationReport(**self.cleaned_data)
        for name, value in self.cleaned_data.items():
            setattr(report, name, value)
        return report


def _when_shown(build):
    """Choices built the first time they are read (when the form is shown), then kept."""
    return functools.cache(build)


class _ShownText:
    """A text computed when it is shown (`str()`), true without computing it: a form's
    BoundField asks `help_text or ""` as it is built, also when it is only validated."""

    def __init__(self, text):
        self._text = text

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return self._text()


def _event_date_help(help_text, county) -> _ShownText:
    """The field's help text and, once shown, the earliest date a report accepts."""

    def text() -> str:
        earliest = earliest_event_date(county=county)
        if not earliest:
            return str(help_text)
        limit = _("Not before {earliest} and not after today.").format(
            earliest=earliest.isoformat()
        )
        return f"{help_text} {limit}"

    return _ShownText(text)


def _grouped(queryset, *, kind_labels: dict, empty_label: str) -> list:
    """Choices as <optgroup>s by kind, so a long list reads quickly (validation is unchanged)."""
    groups: dict[str, list] = {}
    for obj in queryset:
        groups.setdefault(str(kind_labels.get(obj.kind, obj.kind)), []).append((obj.pk, str(obj)))
    return [("", empty_label), *groups.items()]


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnalyseForm(VersionedForm):
    # The event analysis's own errors (EventAnalysis fields) belong on these fields.
    service_error_fields = {
        "conducted_on": "ea_conducted_on",
        "participants": "ea_participants",
        "findings": "ea_findings",
    }
    causes = forms.ModelMultipleChoiceField(
        label=_("Causes"),
        queryset=Cause.objects.filter(is_active=True),
        widget=DescribedCheckboxSelectMultiple,
        error_messages={"required": services.CAUSE_REQUIRED},
    )
    analysis = forms.CharField(
        label=_("Analysis: causes at system level"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What in routines, communication or organisation made it happen? Focus "
            "on systems, not on individuals."
        ),
        error_messages={"required": services.ANALYSIS_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        describe(self.fields["causes"], self.fields["causes"].queryset)

    ea_conducted_on = DateField(label=_("Event analysis carried out (optional)"), required=False)
    ea_participants = forms.CharField(
        label=_("Participating functions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ea_findings = forms.CharField(
        label=_("Result of the event analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("ea_conducted_on") and not data.get("ea_findings"):
            self.add_error("ea_findings", _("Write the result of the event analysis."))
        if data.get("ea_findings") and not data.get("ea_conducted_on"):
            self.add_error(
                "ea_conducted_on", _("Give the date the event analysis was carried out.")
            )
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
        label=_("Responsible care provider"),
        queryset=CareProvider.objects.none(),
        widget=forms.RadioSelect,
    )
    description = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = DateField(label=_("Due by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("owner_provider", self.case.counterpart_provider_id)
        self.fields["owner_provider"].queryset = CareProvider.objects.filter(
            pk__in=self.case.access_provider_ids()
        )


class NoMeasureForm(VersionedForm):
    no_measure_reason = forms.CharField(
        label=_("Reasoning: why is no measure needed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.NO_MEASURE_REASON_REQUIRED},
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"expected_version": data["version"], "reason": data["no_measure_reason"]}


class FollowUpForm(VersionedForm):
    follow_up = forms.CharField(
        label=_("Follow-up"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Did the measures have the intended effect?"),
        error_messages={"required": services.FOLLOW_UP_REQUIRED},
    )


class LiftForm(VersionedForm):
    lifted_level = forms.ChoiceField(
        label=_("Lift to"),
        choices=LiftedLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": services.LIFT_LEVEL_REQUIRED},
    )
    lifted_reason = forms.CharField(
        label=_("Reason (which organisational shortcoming?)"),
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
        label=_("New message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.COMMENT_REQUIRED},
    )


class MeasureDoneForm(StyledFormMixin, forms.Form):
    done_date = DateField(label=_("Date carried out"))


class DeviationFilterForm(StyledFormMixin, forms.Form):
    VIEWS = [
        ("all", _("All cases I can see")),
        ("mine", _("My cases")),
        ("reported", _("My reports")),
    ]
    SORT_CHOICES = [
        ("newest", _("Most recently registered first")),
        ("oldest", _("Oldest first")),
        ("event", _("Event date")),
        ("ack_due", _("Deadline")),
        ("status", _("Status")),
    ]

    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False, widget=QuickSelect)
    q = forms.CharField(label=_("Search in text"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + Status.choices,
        widget=QuickSelect,
    )
    event_type = forms.ChoiceField(
        label=_("Type of report"),
        required=False,
        choices=[("", _("All"))] + EventType.choices,
        widget=QuickSelect,
    )
    category = ListedChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    provider = forms.ModelChoiceField(
        label=_("Other care provider"),
        queryset=CareProvider.objects.all(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    # The follow-up dashboard's drill-down (issue 20 item 4): kept, not shown, when the list is
    # filtered further.
    unit = forms.ModelChoiceField(
        queryset=CareUnit.objects.all(), required=False, widget=forms.HiddenInput
    )
    sub_region = forms.ModelChoiceField(
        queryset=SubRegion.objects.all(), required=False, widget=forms.HiddenInput
    )
    area = forms.ModelChoiceField(
        queryset=CooperationArea.objects.all(), required=False, widget=forms.HiddenInput
    )
    municipality = forms.ModelChoiceField(
        queryset=Party.objects.filter(kind=Party.Kind.MUNICIPALITY),
        required=False,
        widget=forms.HiddenInput,
    )
    date_from = DateField(label=_("Event from"), required=False)
    date_to = DateField(label=_("Event to"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    lifted = forms.BooleanField(label=_("Lifted cases only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"), choices=SORT_CHOICES, required=False, widget=QuickSelect
    )

    def filters(self) -> DeviationFilters:
        if not self.is_valid():
            return DeviationFilters()
        d = self.cleaned_data
        return DeviationFilters(
            view=d.get("view") or "all",
            q=d.get("q", ""),
            status=d.get("status", ""),
            event_type=d.get("event_type", ""),
            category=d["category"].pk if d.get("category") else None,
            provider=d["provider"].pk if d.get("provider") else None,
            **{
                name: d[name].pk if d.get(name) else None
                for name in ("unit", "sub_region", "area", "municipality")
            },
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            overdue=bool(d.get("overdue")),
            lifted=bool(d.get("lifted")),
            sort=d.get("sort") if d.get("sort") in SORTS else "newest",
        )
