""" "Annat" made rare (issue 19 item 4): the category suggestion learnt from the county's
classified cases, the analysts' re-coding queue, and the classification-quality shares."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from samsyn.audit.models import AuditEvent
from samsyn.cases.models import Transition
from samsyn.core.access import actor_for
from samsyn.deviations import services, suggestions
from samsyn.deviations.models import Category, CategorySuggestionModel, Deviation
from samsyn.deviations.quality import classification_quality, recoding_queue
from samsyn.deviations.services.recoding import RECODE_CATEGORY_RETIRED, deviations_recode

MEDICATION = "Läkemedel i vårdens övergångar"
DISCHARGE = "In- och utskrivning"
TEXTS = {
    MEDICATION: [
        ("Läkemedelslista saknades", "Patienten kom hem utan aktuell läkemedelslista och doser."),
        ("Fel dos insulin", "Läkemedelslistan angav fel dos insulin efter utskrivning."),
        ("Recept saknades", "Recept på läkemedel saknades och apoteket hade stängt."),
    ],
    DISCHARGE: [
        ("Inget utskrivningsmeddelande", "Kommunen fick inget meddelande om utskrivningsklar."),
        ("Utskriven en fredag", "Patienten skrevs ut en fredag utan planering med kommunen."),
        ("Sen inskrivning", "Meddelandet om inskrivning kom två dygn för sent till kommunen."),
    ],
}


@pytest.fixture
def cases(report, personas):
    """Two classified cases per text, and one "Annat" case about a medication list."""
    reporter = actor_for(personas["reporter"])
    made = []
    for category, texts in TEXTS.items():
        for title, description in texts * 2:
            made.append(
                services.deviation_report(
                    actor=reporter,
                    report=report(
                        title=title,
                        description=description,
                        category=Category.objects.get(name=category),
                    ),
                )
            )
    other = services.deviation_report(
        actor=reporter,
        report=report(
            title="Läkemedelslista",
            description="Ingen aktuell läkemedelslista fanns, och doser av insulin saknades.",
            category=Category.objects.get(is_other=True),
            other_explanation="Vet inte vilken kategori det är.",
        ),
    )
    return {"classified": made, "other": other}


@pytest.fixture
def trained(cases, boras):
    return suggestions.suggestion_model_train(actor=None, county=boras.party.county)


def test_the_suggestion_ranks_the_category_of_similar_earlier_cases_first(trained, boras):
    found = suggestions.suggest(
        county_id=boras.party.county_id,
        text="Patienten saknade aktuell läkemedelslista och rätt dos insulin.",
    )
    assert found[0].category.name == MEDICATION
    assert found[0].probability > found[1].probability
    assert any("läkemedelslista" in w for w in found[0].words)  # it says why


def test_warming_makes_the_countys_model_ready_before_anyone_asks(trained, boras):
    suggestions._loaded.cache_clear()
    assert suggestions.suggestion_models_warm() == 1
    assert suggestions._loaded.cache_info().currsize == 1
    before = suggestions._loaded.cache_info().hits
    suggestions.suggest(county_id=boras.party.county_id, text="Ingen läkemedelslista fanns alls")
    assert suggestions._loaded.cache_info().hits == before + 1  # read, not built again


def test_a_web_worker_warms_the_models_in_the_background_as_it_starts(monkeypatch):
    import threading

    from samsyn import gunicorn_config

    warmed = threading.Event()
    monkeypatch.setattr(suggestions, "suggestion_models_warm", warmed.set)

    class Worker:
        log = None

    gunicorn_config.post_worker_init(Worker())
    assert warmed.wait(5)


def test_the_model_is_stored_as_json_and_read_without_training(trained, boras):
    stored = CategorySuggestionModel.objects.get(county=boras.party.county)
    assert stored.case_count == 12
    assert set(stored.weights) == {"vocabulary", "idf", "classes", "coef", "intercept"}
    assert AuditEvent.objects.filter(action="deviations.suggestions.trained").exists()


def test_nothing_is_suggested_without_a_model_or_enough_words(cases, boras, trained):
    county = boras.party.county_id
    assert suggestions.suggest(county_id=county, text="läkemedel") == []
    CategorySuggestionModel.objects.all().delete()
    assert suggestions.suggest(county_id=county, text="Ingen läkemedelslista fanns alls") == []


def test_an_other_or_retired_category_is_never_learnt_nor_suggested(cases, boras):
    Category.objects.filter(name=DISCHARGE).update(is_active=False)
    model = suggestions.suggestion_model_train(actor=None, county=boras.party.county)
    assert model is None  # one category left: nothing to tell apart


def test_held_out_accuracy_counts_top1_and_top3(cases, boras):
    result = suggestions.held_out_accuracy(county=boras.party.county, share=0.5, seed=1)
    assert result.held_out + result.trained_on == 12
    assert 0 <= result.top1 <= result.top3 <= 1
    grouped = suggestions.held_out_accuracy(
        county=boras.party.county, share=0.3, seed=1, unseen_texts=True
    )
    assert grouped.held_out >= 2


def test_the_report_form_fragment_offers_buttons_that_pick_a_category(client, trained, personas):
    client.force_login(personas["reporter"])
    response = client.get(
        reverse("deviations:suggestions"),
        {"title": "Läkemedelslista", "description": "Ingen aktuell läkemedelslista och fel dos."},
    )
    medication = Category.objects.get(name=MEDICATION)
    assert response.status_code == 200
    assert f'data-pick-category="{medication.pk}"' in response.content.decode()
    assert 'type="button"' in response.content.decode()


def test_the_report_form_has_a_live_region_for_the_suggestions(client, personas):
    client.force_login(personas["reporter"])
    page = client.get(reverse("deviations:report")).content.decode()
    assert 'id="category-suggestions" aria-live="polite"' in page
    assert 'hx-trigger="input changed delay:700ms"' in page


def test_the_suggestions_are_not_for_people_who_do_not_report(client, personas):
    client.force_login(personas["analyst"])
    assert client.get(reverse("deviations:suggestions")).status_code == 403


# ---------------------------------------------------------------- the re-coding queue


def test_the_queue_holds_the_other_cases_of_the_analysts_county(cases, personas):
    analyst = actor_for(personas["analyst"])
    assert list(recoding_queue(analyst)) == [cases["other"]]
    assert list(recoding_queue(actor_for(personas["handler"]))) == []


def test_recoding_in_bulk_keeps_the_original_and_writes_history_and_trail(cases, personas):
    other = Category.objects.get(is_other=True)
    second = services.deviation_report(
        actor=actor_for(personas["reporter"]),
        report=_other_report(cases, personas),
    )
    medication = Category.objects.get(name=MEDICATION)
    changed = deviations_recode(
        actor=actor_for(personas["analyst"]),
        deviations=[cases["other"], second],
        category=medication,
        note="Omkodad från kön.",
    )
    assert changed == 2
    for case in (cases["other"], second):
        case.refresh_from_db()
        assert case.category == medication
        assert case.reported_category == other
        row = Transition.objects.get(deviation=case, move="recode")
        assert row.data == {"original_category": other.pk, "new_category": medication.pk}
        event = AuditEvent.objects.get(action="deviations.deviation.recoded", object_id=case.pk)
        assert event.data["before"]["category"] == other.pk


def _other_report(cases, personas):
    from samsyn.deviations.tests.factories import report_data

    first = cases["other"]
    return report_data(
        reporting_provider=first.reporting_provider,
        counterpart_provider=first.counterpart_provider,
        document=first.document,
        category=Category.objects.get(is_other=True),
        other_explanation="Oklart.",
    )


def test_recoding_to_a_retired_category_is_refused_on_the_field(cases, personas):
    retired = Category.objects.get(name=DISCHARGE)
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError) as exc:
        deviations_recode(
            actor=actor_for(personas["analyst"]), deviations=[cases["other"]], category=retired
        )
    assert exc.value.message_dict["category"] == [
        str(RECODE_CATEGORY_RETIRED).format(category=retired.name)
    ]
    cases["other"].refresh_from_db()
    assert cases["other"].category.is_other


def test_recoding_is_the_analysts_not_a_handlers(cases, personas):
    with pytest.raises(PermissionDenied):
        deviations_recode(
            actor=actor_for(personas["counterpart_handler"]),
            deviations=[cases["other"]],
            category=Category.objects.get(name=MEDICATION),
        )


def test_recoding_twice_changes_nothing_the_second_time(cases, personas):
    analyst = actor_for(personas["analyst"])
    medication = Category.objects.get(name=MEDICATION)
    assert deviations_recode(actor=analyst, deviations=[cases["other"]], category=medication) == 1
    assert deviations_recode(actor=analyst, deviations=[cases["other"]], category=medication) == 0


def test_the_queue_page_recodes_one_row_with_its_own_button(client, cases, trained, personas):
    client.force_login(personas["analyst"])
    page = client.get(reverse("deviations:recoding"))
    assert page.status_code == 200
    medication = Category.objects.get(name=MEDICATION)
    value = f"{cases['other'].pk}:{medication.pk}"
    assert f'value="{value}"' in page.content.decode()
    response = client.post(reverse("deviations:recoding"), {"one": value})
    assert response.status_code == 302
    cases["other"].refresh_from_db()
    assert cases["other"].category == medication


def test_the_queue_page_gives_each_category_its_definition_beside_the_menu(client, cases, personas):
    client.force_login(personas["analyst"])
    page = client.get(reverse("deviations:recoding")).content.decode()
    definitions = page.split('id="category-definitions"', 1)[1].split("</details>", 1)[0]
    for category in Category.objects.filter(is_active=True, is_other=False):
        assert f"<dt>{category.name}</dt>" in definitions
        assert category.description in definitions
    assert f"<dt>{Category.objects.get(is_other=True).name}</dt>" not in definitions


def test_the_queue_page_reads_the_suggestions_of_all_its_rows_at_once(
    client, cases, trained, personas
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas["analyst"])
    client.get(reverse("deviations:recoding"))  # the model is loaded once per process
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("deviations:recoding"))
    for _more in range(5):
        services.deviation_report(
            actor=actor_for(personas["reporter"]), report=_other_report(cases, personas)
        )
    with CaptureQueriesContext(connection) as six_rows:
        page = client.get(reverse("deviations:recoding"))
    assert page.content.decode().count('name="one"') >= 6
    assert len(six_rows.captured_queries) == len(one_row.captured_queries)


def test_the_queue_page_refuses_a_retired_category_with_a_swedish_message(client, cases, personas):
    retired = Category.objects.get(name=DISCHARGE)
    Category.objects.filter(pk=retired.pk).update(is_active=False)
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("deviations:recoding"),
        {"deviations": [cases["other"].pk], "category": retired.pk},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 400
    assert "kan inte längre väljas" in response.content.decode()
    assert Deviation.objects.get(pk=cases["other"].pk).category.is_other


def test_the_queue_page_is_the_analysts(client, personas):
    client.force_login(personas["reporter"])
    assert client.get(reverse("deviations:recoding")).status_code == 403


def test_quality_shares_count_other_as_reported_and_now(cases, personas):
    analyst = actor_for(personas["analyst"])
    (before,) = classification_quality(analyst)
    assert (before.total, before.other, before.other_reported) == (13, 1, 1)
    deviations_recode(
        actor=analyst,
        deviations=[cases["other"]],
        category=Category.objects.get(name=MEDICATION),
    )
    (after,) = classification_quality(analyst)
    assert (after.other, after.other_reported) == (0, 1)
    by_provider = classification_quality(analyst, group="provider")
    assert by_provider[0].name == cases["other"].reporting_provider.name
    assert classification_quality(analyst, group="category", period="quarter")


@pytest.mark.parametrize("number", ["19121212-1212", "19121212–1212"])
def test_a_personal_identity_number_in_the_note_is_refused_and_nothing_recoded(
    client, cases, personas, number
):
    client.force_login(personas["analyst"])
    response = client.post(
        reverse("deviations:recoding"),
        {
            "deviations": [cases["other"].pk],
            "category": Category.objects.get(name=MEDICATION).pk,
            "note": f"Gäller {number}",
        },
    )
    assert response.status_code == 400
    assert Deviation.objects.get(pk=cases["other"].pk).category.is_other


def test_the_queue_forecast_counts_the_other_cases_a_confident_suggestion_would_clear(
    trained, boras
):
    forecast = suggestions.queue_forecast(county=boras.party.county, threshold=0.0)
    assert (forecast.cases, forecast.other, forecast.suggested) == (13, 1, 1)
    assert round(forecast.other_share_after, 3) == 0
    unsure = suggestions.queue_forecast(county=boras.party.county, threshold=1.0)
    assert unsure.suggested == 0 and unsure.other_share_after == unsure.other_share


def test_the_accuracy_command_reports_in_swedish_and_changes_nothing(trained, boras):
    out = StringIO()
    call_command("category_suggestion_accuracy", "--held-out", "0.5", "--queue", "0.0", stdout=out)
    text = out.getvalue()
    assert "topp 1" in text and " %" in text
    assert "1 av 13 rapporter är klassade ”Annat”" in text
    assert Deviation.objects.filter(category__is_other=True).count() == 1
