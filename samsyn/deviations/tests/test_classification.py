"""Classification people can trust (issue 19 items 1-3): event types with their own short
forms, two consequence axes with "not known yet", and each value's definition beside it."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from samsyn.audit.models import AuditEvent
from samsyn.core.models import Notification
from samsyn.deviations import consequences, services
from samsyn.deviations.consequences import UNKNOWN
from samsyn.deviations.forms import ReportForm
from samsyn.deviations.models import (
    Category,
    Deviation,
    EventType,
    PatientConsequence,
    Status,
)
from samsyn.deviations.worklist import todo_for


def _errors(exc_info) -> dict:
    return {k: v[0] for k, v in exc_info.value.message_dict.items()}


def _grade(name):
    return PatientConsequence.objects.get(name=name)


def _good_cooperation(report, **overrides):
    """A report of good cooperation: what its short form sends (no harm grades)."""
    return report(
        event_type=EventType.GOOD_COOPERATION,
        patient_consequence=None,
        psychological_consequence=None,
        potential_consequence=None,
        organisation_consequence=None,
        proposed_measure="",
        **overrides,
    )


def _acknowledged(actors, report, **fields):
    """A case reported with `fields` and acknowledged by the receiving handler, who agrees."""
    deviation = services.deviation_report(actor=actors["reporter"], report=report(**fields))
    services.deviation_acknowledge(
        actor=actors["counterpart_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        position="agrees",
    )
    return deviation


def _reclassify(actor, deviation, **values):
    deviation.refresh_from_db()
    return services.deviation_reclassify(
        actor=actor,
        deviation=deviation,
        expected_version=deviation.version,
        reason="Bedömt på nytt.",
        **values,
    )


# ---------------------------------------------------------------- event types (item 1)


def test_each_type_asks_its_own_short_form(personas, boras, sas):
    county = boras.party.county
    fields = {
        t: set(ReportForm(providers=[boras], county=county, event_type=t).fields)
        for t in EventType.values
    }
    assert {"patient_consequence", "psychological_consequence", "potential_consequence"} <= (
        fields[EventType.DEVIATION]
    )
    for t in (EventType.NEAR_MISS, EventType.RISK):  # nothing happened to the patient (yet)
        assert "patient_consequence" not in fields[t]
        assert "psychological_consequence" not in fields[t]
        assert "potential_consequence" in fields[t]
    good = fields[EventType.GOOD_COOPERATION]
    assert not good & {*consequences.HARM_AXES, "organisation_consequence", "proposed_measure"}
    assert {"category", "title", "description", "counterpart_provider"} <= good


def test_a_good_cooperation_report_with_a_harm_grade_is_refused_and_nothing_saved(actors, report):
    graded = _good_cooperation(report)
    graded.patient_consequence = _grade("Lindrig vårdskada")
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["reporter"], report=graded)
    label = gettext("Good cooperation")
    assert _errors(exc) == {
        "patient_consequence": gettext(consequences.NOT_ASKED).format(type=label)
    }
    assert not Deviation.objects.exists()


def test_a_harm_grade_posted_with_good_cooperation_is_refused_on_the_field(
    client, personas, sas, document
):
    client.force_login(personas["reporter"])
    response = client.post(
        reverse("deviations:report") + "?typ=god-samverkan",
        {
            "event_type": EventType.GOOD_COOPERATION,
            "counterpart_provider": sas.pk,
            "event_date": "2026-11-20",
            "title": "Smidig utskrivning",
            "description": "Hemsjukvården fick besked i god tid.",
            "document": document.pk,
            "category": Category.objects.get(name="In- och utskrivning").pk,
            "patient_consequence": _grade("Lindrig vårdskada").pk,
            "submission_token": "8a4c3f8e-52f5-4b34-9d61-6f1e2b1d7a10",
        },
    )
    assert response.status_code == 400
    assert "frågar inte efter detta" in response.content.decode()
    assert not Deviation.objects.exists()


def test_good_cooperation_reaches_the_counterpart_as_feedback_and_closes_when_read(actors, report):
    deviation = services.deviation_report(
        actor=actors["reporter"], report=_good_cooperation(report)
    )
    assert deviation.status == Status.FEEDBACK
    assert deviation.ack_due is None and deviation.answer_due is None  # no handling duty
    subjects = list(Notification.objects.values_list("subject", flat=True))
    assert any("Positiv återkoppling från" in s for s in subjects)
    with pytest.raises(ValidationError):  # not a case to acknowledge, analyse or answer
        services.deviation_acknowledge(
            actor=actors["counterpart_handler"],
            deviation=deviation,
            expected_version=deviation.version,
        )
    todo = todo_for(actors["counterpart_handler"])
    assert [d.pk for d in todo.incoming["feedback"]] == [deviation.pk]
    services.deviation_read_feedback(
        actor=actors["counterpart_handler"],
        deviation=deviation,
        expected_version=deviation.version,
    )
    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED and deviation.closed_at
    assert [t.move for t in deviation.transitions.all()] == ["report", "send", "read_feedback"]
    assert AuditEvent.objects.filter(action="deviations.deviation.feedback_read").exists()


def test_only_the_receiver_reads_the_feedback(actors, report):
    deviation = services.deviation_report(
        actor=actors["reporter"], report=_good_cooperation(report)
    )
    with pytest.raises(PermissionDenied):
        services.deviation_read_feedback(
            actor=actors["reporter"], deviation=deviation, expected_version=deviation.version
        )


@pytest.mark.parametrize(
    ("event_type", "label"), [(EventType.NEAR_MISS, "Tillbud"), (EventType.RISK, "Risk")]
)
def test_a_near_miss_or_a_risk_is_handled_as_a_case_and_the_inbox_names_its_type(
    client, actors, personas, report, event_type, label
):
    case = services.deviation_report(
        actor=actors["reporter"],
        report=report(
            event_type=event_type,
            patient_consequence=None,
            psychological_consequence=None,
            title="Trasig lyft på boendet",
        ),
    )
    assert case.status == Status.SENT and case.ack_due  # a handling duty, unlike feedback
    todo = todo_for(actors["counterpart_handler"])
    assert case.pk in [d.pk for cases in todo.incoming.values() for d in cases]
    client.force_login(personas["counterpart_handler"])
    page = client.get("/").content.decode()
    row = page.split("Trasig lyft på boendet", 1)[1].split("</tr>", 1)[0]
    assert f"{label}, " in row


def test_existing_cases_are_deviations(personas, case_in):
    assert case_in(Status.SENT).event_type == EventType.DEVIATION


def test_the_list_filters_by_type_and_shows_it(client, actors, personas, report):
    services.deviation_report(actor=actors["reporter"], report=report(title="Avvikelse ett"))
    services.deviation_report(
        actor=actors["reporter"], report=_good_cooperation(report, title="Bra samverkan")
    )
    client.force_login(personas["reporter"])
    html = client.get(reverse("deviations:list"), {"event_type": "good_cooperation"}).content
    html = html.decode()
    assert "Bra samverkan" in html and "Avvikelse ett" not in html
    assert 'class="type-tag type-tag--good_cooperation">God samverkan' in html


def test_the_export_has_the_type_and_both_axes(client, actors, personas, report):
    services.deviation_report(
        actor=actors["reporter"], report=report(potential_consequence=UNKNOWN)
    )
    client.force_login(personas["reporter"])
    text = b"".join(client.get(reverse("deviations:export_csv")).streaming_content).decode()
    header, row = text.splitlines()[:2]
    for column in ("Typ av rapport", "Psykisk skada", "Möjlig konsekvens"):
        assert column in header
    assert "Avvikelse" in row and "Ej känt ännu" in row


# ---------------------------------------------------------------- consequence axes (item 2)


def test_a_potential_consequence_lower_than_the_actual_is_refused(actors, report):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"],
            report=report(
                patient_consequence=_grade("Måttlig vårdskada"),
                potential_consequence=_grade("Lindrig vårdskada"),
            ),
        )
    assert "potential_consequence" in _errors(exc)
    assert "Måttlig vårdskada" in _errors(exc)["potential_consequence"]
    assert not Deviation.objects.exists()


def test_psychological_harm_is_graded_apart_and_counts_for_the_potential(actors, report):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"],
            report=report(
                patient_consequence=_grade("Ingen"),
                psychological_consequence=_grade("Måttlig vårdskada"),
                potential_consequence=_grade("Lindrig vårdskada"),
            ),
        )
    assert set(_errors(exc)) == {"potential_consequence"}


def test_not_known_yet_is_accepted_at_reporting_and_closing_waits_for_it(actors, report, personas):
    deviation = services.deviation_report(
        actor=actors["reporter"], report=report(potential_consequence=UNKNOWN)
    )
    assert deviation.potential_consequence is None  # stored empty, never "Ingen"
    assert consequences.unknown_axes(deviation) == ["potential_consequence"]
    handler = actors["counterpart_handler"]
    todo = todo_for(handler)
    assert [d.pk for d in todo.incoming["unknown"]] == []  # not yet acknowledged
    deviation = _through_follow_up(handler, deviation)
    assert [d.pk for d in todo_for(handler).incoming["unknown"]] == [deviation.pk]
    with pytest.raises(ValidationError) as exc:
        services.deviation_close(
            actor=handler, deviation=deviation, expected_version=deviation.version
        )
    assert "Ej känt ännu" in exc.value.messages[0]
    # Known now, and mild: the lex Maria question that "not known yet" raised falls away too.
    _reclassify(handler, deviation, potential_consequence=_grade("Lindrig vårdskada"))
    deviation.refresh_from_db()
    assert deviation.lex_maria_due is None
    services.deviation_close(actor=handler, deviation=deviation, expected_version=deviation.version)
    assert Deviation.objects.get(pk=deviation.pk).status == Status.CLOSED


def _through_follow_up(handler, deviation):
    from samsyn.deviations.models import Cause, Position

    services.deviation_acknowledge(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        position=Position.AGREES,
    )
    deviation.refresh_from_db()
    services.deviation_analyse(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        causes=[Cause.objects.filter(is_active=True).first()],
        analysis="Rutinen var okänd.",
    )
    deviation.refresh_from_db()
    services.deviation_record_no_measure(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        reason="Redan åtgärdat.",
    )
    deviation.refresh_from_db()
    services.deviation_decide_measures(
        actor=handler, deviation=deviation, expected_version=deviation.version
    )
    deviation.refresh_from_db()
    services.deviation_follow_up(
        actor=handler,
        deviation=deviation,
        expected_version=deviation.version,
        follow_up="Följt upp.",
    )
    deviation.refresh_from_db()
    return deviation


def test_a_change_of_grade_is_kept_in_the_history_with_old_and_new_value(actors, report):
    deviation = _acknowledged(actors, report, potential_consequence=UNKNOWN)
    handler = actors["counterpart_handler"]
    grade = _grade("Allvarlig vårdskada")
    _reclassify(handler, deviation, potential_consequence=grade)
    row = deviation.transitions.get(move="reclassify")
    assert row.data["original_potential_consequence"] is None
    assert row.data["new_potential_consequence"] == grade.pk
    event = AuditEvent.objects.get(action="deviations.deviation.reclassified")
    assert event.data["after"]["potential_consequence"] == grade.pk


def test_re_classifying_to_a_lower_potential_than_actual_is_refused(actors, report):
    deviation = _acknowledged(actors, report)
    handler = actors["counterpart_handler"]
    with pytest.raises(ValidationError) as exc:
        _reclassify(handler, deviation, patient_consequence=_grade("Dödsfall"))
    assert set(_errors(exc)) == {"potential_consequence"}
    deviation.refresh_from_db()
    assert deviation.patient_consequence.name == "Risk för vårdskada (tillbud)"


def test_re_coding_to_a_retired_category_is_refused_and_nothing_saved(actors, report):
    deviation = _acknowledged(actors, report)
    handler = actors["counterpart_handler"]
    retired = Category.objects.create(name="Gammal kategori", is_active=False)
    with pytest.raises(ValidationError) as exc:
        _reclassify(handler, deviation, category=retired)
    assert _errors(exc) == {"category": services.VALUE_RETIRED.format(value="Gammal kategori")}
    assert not deviation.transitions.filter(move="reclassify").exists()


def test_the_lex_maria_question_reads_the_worst_known_grade_and_what_is_unknown(actors, report):
    deviation = services.deviation_report(
        actor=actors["reporter"],
        report=report(
            psychological_consequence=_grade("Måttlig vårdskada"),
            potential_consequence=UNKNOWN,
        ),
    )
    assert consequences.worst_known_severity(deviation) == 3
    assert consequences.unknown_axes(deviation) == ["potential_consequence"]


# ---------------------------------------------------------------- help at the choice (item 3)


def test_a_secondary_category_is_optional_and_never_the_same_or_retired(actors, report):
    category = Category.objects.get(name="Läkemedel i vårdens övergångar")
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(secondary_category=category)
        )
    assert _errors(exc) == {"secondary_category": services.SECONDARY_SAME_AS_CATEGORY}
    retired = Category.objects.create(name="Utgången", is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(secondary_category=retired)
        )
    assert set(_errors(exc)) == {"secondary_category"}
    second = Category.objects.get(name="Informationsöverföring")
    deviation = services.deviation_report(
        actor=actors["reporter"], report=report(secondary_category=second)
    )
    assert deviation.secondary_category == second


def test_every_shipped_value_has_a_definition(db):
    from samsyn.deviations.models import Cause, OrganisationConsequence

    for model in (Category, Cause, PatientConsequence, OrganisationConsequence):
        assert not model.objects.filter(is_active=True, description="").exists(), model


def test_the_report_form_shows_each_definition_beside_its_choice(client, personas):
    client.force_login(personas["reporter"])
    html = client.get(reverse("deviations:report")).content.decode()
    value = Category.objects.get(name="In- och utskrivning")
    match = re.search(
        rf'<input[^>]*value="{value.pk}"[^>]*aria-describedby="(id_category_\d+_help)"', html
    )
    assert match, "the category's radio button names its definition"
    help_id = match.group(1)
    assert re.search(rf'id="{help_id}">{re.escape(value.description)}', html)
    assert value.example_list[0] in html
    assert 'value="unknown"' in html  # "Ej känt ännu" on every axis


def test_the_reclassify_form_shows_each_definition_beside_its_choice(
    client, actors, personas, report
):
    """Re-classifying (or setting a grade that was not known) is a choice like the report's:
    every category and consequence value has its definition beside it, not only the harm axes."""
    from samsyn.deviations.models import OrganisationConsequence

    deviation = _acknowledged(actors, report)
    client.force_login(personas["counterpart_handler"])
    # The case page loads the form when its section is opened; the same address without script.
    url = reverse("deviations:action", args=[deviation.pk, "klassificera-om"])
    form = client.get(url).content.decode()
    for name, value in (
        ("category", Category.objects.get(name="In- och utskrivning")),
        ("organisation_consequence", OrganisationConsequence.objects.filter(is_active=True)[0]),
        ("potential_consequence", _grade("Lindrig vårdskada")),
    ):
        match = re.search(
            rf'<input[^>]*name="klassificera-om-{name}"[^>]*value="{value.pk}"'
            rf'[^>]*aria-describedby="([^"]+_help)"',
            form,
        )
        assert match, name
        assert re.search(rf'id="{match.group(1)}">{re.escape(value.description)}', form), name
    checked = re.search(r'<input[^>]*name="klassificera-om-category"[^>]*checked[^>]*>', form)
    assert f'value="{deviation.category_id}"' in checked.group(0)  # the case's own value chosen


def test_the_analysis_form_shows_each_causes_definition_beside_its_choice(
    client, actors, personas, report
):
    from samsyn.deviations.models import Cause

    deviation = _acknowledged(actors, report)
    client.force_login(personas["counterpart_handler"])
    form = client.get(reverse("deviations:action", args=[deviation.pk, "analysera"]))
    form = form.content.decode()
    for cause in Cause.objects.filter(is_active=True):
        match = re.search(
            rf'<input[^>]*name="analysera-causes"[^>]*value="{cause.pk}"'
            rf'[^>]*aria-describedby="([^"]+_help)"',
            form,
        )
        assert match, cause.name
        assert re.search(rf'id="{match.group(1)}">{re.escape(cause.description)}', form)


def test_a_county_administrator_changes_a_definition_in_the_app(client, personas):
    value = Category.objects.get(name="SIP")
    url = reverse("deviations:guidance_edit", args=["kategori", value.pk])
    client.force_login(personas["reporter"])
    assert client.get(reverse("deviations:guidance")).status_code == 403
    assert client.post(url, {"description": "x"}).status_code == 403
    client.force_login(personas["county_admin"])
    assert "SIP" in client.get(reverse("deviations:guidance")).content.decode()
    response = client.post(
        url,
        {
            "name": "SIP",
            "description": "Samordnad individuell plan enligt lag.",
            "examples": "Ett\n\nTvå",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.description == "Samordnad individuell plan enligt lag."
    assert value.example_list == ["Ett", "Två"]
    assert value.is_active
    assert AuditEvent.objects.filter(action="deviations.classification.value_changed").exists()


def test_a_definition_with_a_personal_identity_number_is_refused(client, personas):
    value = Category.objects.get(name="SIP")
    client.force_login(personas["county_admin"])
    response = client.post(
        reverse("deviations:guidance_edit", args=["kategori", value.pk]),
        {"name": "SIP", "description": "Patient 19121212-1212", "examples": "", "is_active": "on"},
    )
    assert response.status_code == 400
    value.refresh_from_db()
    assert "1212" not in value.description
