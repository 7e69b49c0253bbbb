"""The receiving side's pages probed as a careless user or an attacker would (issue 17, "Bad
input and access"): a personnummer typed with an en dash or in other scripts' digits, numbers
in other scripts' digits or too large for the database, the same form sent twice, the wrong
person. Never a server error; a refusal is a Swedish message on its field, with what was typed
kept and nothing saved."""

import pytest
from django.urls import reverse

from samsyn.cases.models import Transition
from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.models import Deviation, LiftedLevel, Position, ReturnReason
from samsyn.deviations.services import receiving
from samsyn.parties.models import CooperationArea, Membership, Role
from samsyn.parties.tests.factories import UserFactory

# 121212-1212 is a valid personnummer (Skatteverket's test number): typed with an en dash,
# and in Arabic-Indic digits with a minus sign.
NUMBERS = ["121212\u20131212", "\u0661\u0662\u0661\u0662\u0661\u0662\u2212\u0661\u0662\u0661\u0662"]
FOUND = "Texten verkar innehålla ett personnummer"
ARABIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


def _post(client, deviation, slug, version=None, **fields):
    deviation.refresh_from_db()
    data = {f"{slug}-{k}": v for k, v in fields.items()}
    data[f"{slug}-version"] = deviation.version if version is None else version
    return client.post(reverse("deviations:action", args=[deviation.pk, slug]), data)


def _moves(deviation) -> int:
    return Transition.objects.filter(object_id=deviation.pk).count()


def _acknowledged(a, reported, position=Position.AGREES, account=""):
    deviation = reported()
    return services.deviation_acknowledge(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        position=position,
        account=account,
    )


def _answered(a, reported):
    deviation = _acknowledged(a, reported)
    return receiving.deviation_answer(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        answer="Vi inför en checklista.",
    )


def _sent_back(a, reported):
    deviation = reported()
    return receiving.deviation_send_back(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason=ReturnReason.WRONG_RECEIVER,
        note="Fel sjukhus.",
    )


@pytest.fixture
def lifted(a, reported, boras, sas):
    """A case lifted to the sub-regional level, and that area's coordinator (a user)."""
    deviation = _acknowledged(a, reported)
    services.deviation_lift(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        level=LiftedLevel.SUB_REGIONAL,
        reason="Rutinen saknas i hela området.",
    )
    area = CooperationArea.objects.get(members=boras.party)
    coordinator = UserFactory(username="sodra_alvsborg")
    Membership.objects.create(
        user=coordinator, provider=sas, role=Role.SUBREGIONAL_COORDINATOR, area=area
    )
    other = UserFactory(username="fyrbodal")
    Membership.objects.create(
        user=other,
        provider=sas,
        role=Role.SUBREGIONAL_COORDINATOR,
        area=CooperationArea.objects.exclude(pk=area.pk).first(),
    )
    return deviation, coordinator, other


# (slug, the case it needs, who posts, the text field, other fields)
TEXT_FIELDS = [
    ("kvittera", "sent", "ward12_handler", "receiver_account", {"position": "partly"}),
    ("skicka-vidare", "sent", "ward12_handler", "note", {"unit": "ward14"}),
    ("skicka-tillbaka", "sent", "ward12_handler", "note", {"reason": "wrong_receiver"}),
    ("svara", "acknowledged", "ward12_handler", "answer", {}),
    ("ifragasatt-svaret", "answered", "nurse", "question_reason", {}),
    ("skicka-om", "sent_back", "nurse", "note", {"provider": "skovde"}),
    ("avsluta-returnerad", "sent_back", "nurse", "note", {}),
    ("lyft", "acknowledged", "ward12_handler", "lifted_reason", {"lifted_level": "sub_regional"}),
    ("klassificera-om", "sent", "ward12_handler", "reason", {}),
]


@pytest.fixture
def case_in(a, reported):
    def make(kind):
        return {
            "sent": reported,
            "acknowledged": lambda: _acknowledged(a, reported),
            "answered": lambda: _answered(a, reported),
            "sent_back": lambda: _sent_back(a, reported),
        }[kind]()

    return make


@pytest.mark.parametrize("number", NUMBERS, ids=["en-dash", "arabic-indic"])
@pytest.mark.parametrize(
    ("slug", "kind", "who", "field", "other"), TEXT_FIELDS, ids=[t[0] for t in TEXT_FIELDS]
)
def test_a_personnummer_in_a_receiving_move_is_refused_on_its_field_and_the_text_kept(
    client, people, units, skovde, case_in, slug, kind, who, field, other, number
):
    deviation = case_in(kind)
    values = {"unit": units["ward14"].pk, "provider": skovde.pk}
    fields = {name: values.get(name, value) for name, value in other.items()}
    if slug == "klassificera-om":
        fields.update(_classification_now(deviation))
    text = f"Patienten {number} skrevs ut för tidigt."
    moves = _moves(deviation)
    client.force_login(people[who])
    response = _post(client, deviation, slug, **{field: text, **fields})
    page = response.content.decode()
    assert response.status_code == 400, page[:500]
    assert FOUND in page
    assert f'id="id_{slug}-{field}"' in page and "skrevs ut för tidigt." in page
    assert _moves(deviation) == moves


def _classification_now(deviation) -> dict:
    """The case's classification as the re-classify form posts it."""
    return {
        "category": deviation.category_id,
        "organisation_consequence": deviation.organisation_consequence_id,
        "patient_consequence": deviation.patient_consequence_id,
        "psychological_consequence": deviation.psychological_consequence_id,
        "potential_consequence": deviation.potential_consequence_id,
    }


@pytest.mark.parametrize("number", NUMBERS, ids=["en-dash", "arabic-indic"])
@pytest.mark.parametrize("slug", ["begar-mer", "skicka-tillbaka-lyft", "ta-upp-lyft"])
def test_a_personnummer_in_a_coordinators_decision_is_refused_and_the_text_kept(
    client, lifted, slug, number
):
    deviation, coordinator, _other = lifted
    moves = _moves(deviation)
    client.force_login(coordinator)
    response = _post(client, deviation, slug, note=f"Gäller {number}, se journalen.")
    page = response.content.decode()
    assert response.status_code == 400, page[:500]
    assert FOUND in page and "se journalen." in page
    assert _moves(deviation) == moves


@pytest.mark.parametrize(
    "value", ["\u0661\u0662", "99999999999999999999999", "-1", "1e3", "12abc"], ids=repr
)
def test_numbers_no_database_can_hold_are_refused_in_swedish_not_a_server_error(
    client, people, reported, units, value
):
    deviation = reported()
    moves = _moves(deviation)
    client.force_login(people["ward12_handler"])
    for fields in ({"unit": value}, {"unit": units["ward14"].pk, "version": value}):
        response = _post(client, deviation, "skicka-vidare", **fields)
        assert response.status_code in (302, 400), (fields, response.status_code)
    page = client.get(deviation.get_absolute_url())
    assert page.status_code in (200, 404)
    if "\u0661" not in value:
        assert _moves(deviation) == moves


def test_a_version_typed_in_other_digits_is_read_as_the_number_it_is(
    client, people, reported, units
):
    deviation = reported()
    client.force_login(people["sas_wide"])
    version = str(deviation.version).translate(ARABIC)
    response = _post(client, deviation, "skicka-vidare", version=version, unit=units["ward14"].pk)
    assert response.status_code == 302
    assert Deviation.objects.get(pk=deviation.pk).receiving_unit == units["ward14"]


# ---------------------------------------------------------------- the same form sent twice


def _twice(client, deviation, slug, **fields):
    deviation.refresh_from_db()
    version = deviation.version
    return [_post(client, deviation, slug, version=version, **fields) for _ in range(2)]


def test_accepting_the_answer_twice_is_one_acceptance_and_no_error(client, people, a, reported):
    deviation = _answered(a, reported)
    client.force_login(people["nurse"])
    first, second = _twice(client, deviation, "godta-svaret")
    assert first.status_code == 302 and second.status_code == 302
    assert deviation.transitions.filter(move="accept_answer").count() == 1


def test_questioning_the_answer_twice_is_one_question_and_no_error(client, people, a, reported):
    deviation = _answered(a, reported)
    client.force_login(people["nurse"])
    first, second = _twice(client, deviation, "ifragasatt-svaret", question_reason="Nej.")
    assert first.status_code == 302 and second.status_code == 302
    assert deviation.transitions.filter(move="question_answer").count() == 1


def test_sending_back_twice_is_one_move_and_no_error(client, people, reported):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    first, second = _twice(
        client, deviation, "skicka-tillbaka", reason="wrong_receiver", note="Fel sjukhus."
    )
    assert first.status_code == 302 and second.status_code == 302
    assert deviation.transitions.filter(move="send_back").count() == 1


def test_passing_on_twice_is_one_move_and_no_error(client, people, reported, units):
    deviation = reported()
    client.force_login(people["sas_wide"])
    first, second = _twice(client, deviation, "skicka-vidare", unit=units["ward14"].pk)
    assert first.status_code == 302 and second.status_code == 302
    assert deviation.transitions.filter(move="pass_on").count() == 1


@pytest.mark.parametrize("slug", ["ta-upp-lyft", "begar-mer", "skicka-tillbaka-lyft"])
def test_a_coordinators_decision_sent_twice_is_one_decision_and_no_error(client, lifted, slug):
    deviation, coordinator, _other = lifted
    client.force_login(coordinator)
    first, second = _twice(client, deviation, slug, note="Hur ofta händer det?")
    assert first.status_code == 302 and second.status_code == 302
    assert (
        deviation.transitions.filter(move__in=receiving.LIFT_DECISION_CODES.values()).count() == 1
    )


def test_the_same_words_asked_again_later_are_a_new_decision_not_a_double_click(lifted):
    from samsyn.deviations.models import LiftDecision

    deviation, coordinator, _other = lifted
    for _ in range(2):  # the second on the version the first left: asked again, on purpose
        deviation = Deviation.objects.get(pk=deviation.pk)
        receiving.deviation_lift_decide(
            actor=actor_for(coordinator),
            deviation=deviation,
            expected_version=deviation.version,
            decision=LiftDecision.MORE_ASKED,
            note="Hur ofta händer det?",
        )
    assert (
        deviation.transitions.filter(move__in=receiving.LIFT_DECISION_CODES.values()).count() == 2
    )


# ---------------------------------------------------------------- the wrong person


def test_the_unit_that_passed_the_case_on_lands_on_its_start_page_not_on_a_404(
    client, people, reported, units
):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    version = deviation.version
    for _ in range(2):  # the second is a double click
        response = _post(client, deviation, "skicka-vidare", version, unit=units["ward14"].pk)
        assert response.status_code == 302 and response.url == reverse("core:start")
        page = client.get(response.url).content.decode()
        assert "Ärendet är skickat vidare till enheten." in page
        assert "Ärendet hanteras nu av en annan enhet och syns därför inte längre för dig." in page
    assert deviation.transitions.filter(move="pass_on").count() == 1
    # Someone who never made the move still gets 404, and the case's existence stays hidden.
    client.force_login(people["soder_handler"])
    response = _post(client, deviation, "skicka-vidare", unit=units["ward12"].pk)
    assert response.status_code == 404


def test_the_api_answers_a_unit_that_passed_the_case_on_with_the_case_as_the_move_left_it(
    people, reported, units
):
    import datetime

    from django.test import Client
    from django.utils import timezone

    from samsyn.api.services import api_token_create

    deviation = reported()
    made = api_token_create(
        actor=actor_for(people["ward12_handler"]),
        name="Testsystem",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {made.secret}")
    for _ in range(2):  # sent again with its idempotency key: the first answer, one move
        response = api.post(
            f"/api/v1/deviations/{deviation.pk}/moves/pass_on",
            {"unit": units["ward14"].pk},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{deviation.version}"',
            HTTP_IDEMPOTENCY_KEY="pass-on-1",
        )
        assert response.status_code == 200, response.content
        assert response.json()["id"] == deviation.pk
    assert Deviation.objects.get(pk=deviation.pk).receiving_unit == units["ward14"]
    assert deviation.transitions.filter(move="pass_on").count() == 1
    assert api.get(f"/api/v1/deviations/{deviation.pk}").status_code == 404


WRONG = [
    # slug, the case, who may not, fields
    ("skicka-vidare", "sent", "nurse", {"unit": "ward14"}),
    ("skicka-vidare", "sent", "ward12_reporter", {"unit": "ward14"}),
    ("skicka-tillbaka", "sent", "norr_handler", {"reason": "wrong_receiver", "note": "Nej."}),
    ("svara", "acknowledged", "nurse", {"answer": "Vi svarar själva."}),
    ("svara", "acknowledged", "ward12_reporter", {"answer": "Vi svarar."}),
    ("godta-svaret", "answered", "ward12_handler", {}),
    ("godta-svaret", "answered", "sas_wide", {}),
    ("ifragasatt-svaret", "answered", "ward12_handler", {"question_reason": "Nej."}),
    ("ifragasatt-svaret", "answered", "soder_reporter", {"question_reason": "Nej."}),
    ("skicka-om", "sent_back", "ward12_handler", {"provider": "skovde"}),
    ("avsluta-returnerad", "sent_back", "ward12_handler", {"note": "Stängs."}),
    ("klassificera-om", "sent", "norr_handler", {"reason": "Fel."}),
    ("lyft", "acknowledged", "nurse", {"lifted_level": "county", "lifted_reason": "Nej."}),
    ("ta-upp-lyft", "acknowledged", "ward12_handler", {}),
]


@pytest.mark.parametrize(
    ("slug", "kind", "who", "fields"), WRONG, ids=[f"{w[0]}-{w[2]}" for w in WRONG]
)
def test_the_wrong_person_is_refused_and_nothing_is_saved(
    client, people, units, skovde, case_in, slug, kind, who, fields
):
    deviation = case_in(kind)
    values = {"unit": units["ward14"].pk, "provider": skovde.pk}
    fields = {name: values.get(value, value) for name, value in fields.items()}
    moves = _moves(deviation)
    client.force_login(people[who])
    response = _post(client, deviation, slug, **fields)
    assert response.status_code in (403, 404), response.status_code
    assert _moves(deviation) == moves


def test_a_coordinator_of_another_sub_region_is_refused_on_the_page(client, lifted):
    deviation, _coordinator, other = lifted
    client.force_login(other)
    for slug in ("ta-upp-lyft", "begar-mer", "skicka-tillbaka-lyft"):
        response = _post(client, deviation, slug, note="Vi tar det.")
        assert response.status_code in (403, 404)
    assert not Deviation.objects.get(pk=deviation.pk).lift_decision


def test_unit_of_another_provider_on_the_pass_on_page_is_a_swedish_message_on_the_field(
    client, people, reported, units
):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    response = _post(client, deviation, "skicka-vidare", unit=units["norr"].pk, note="Till Borås.")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Välj en av enheterna i listan." in page and "Till Borås." in page
    assert Deviation.objects.get(pk=deviation.pk).receiving_unit == units["ward12"]


def test_disputing_without_account_or_document_is_refused_on_the_page_in_swedish(
    client, people, reported
):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    response = _post(client, deviation, "kvittera", position="disputes", note="Se nedan.")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Skriv er egen beskrivning av vad som hände." in page
    assert "Välj det styrdokument ni stöder er på när ni bestrider beskrivningen." in page
    assert "Se nedan." in page
    assert Deviation.objects.get(pk=deviation.pk).status == "sent"


def test_sending_back_without_a_reason_is_refused_on_the_page_in_swedish(client, people, reported):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    response = _post(client, deviation, "skicka-tillbaka", note="   ")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Välj varför ärendet skickas tillbaka." in page
    assert Deviation.objects.get(pk=deviation.pk).status == "sent"


def test_lifting_without_a_reason_is_refused_on_the_page_in_swedish(client, people, a, reported):
    deviation = _acknowledged(a, reported)
    client.force_login(people["ward12_handler"])
    response = _post(client, deviation, "lyft", lifted_level="county", lifted_reason="  ")
    assert response.status_code == 400
    assert "Skriv varför avvikelsen behöver lyftas" in response.content.decode()
    assert Deviation.objects.get(pk=deviation.pk).lifted_level == ""


@pytest.mark.parametrize(
    ("provider", "unit", "field"),
    [("nu", "ward12", "unit"), ("boras", None, "provider"), ("sas", "ward12", "unit")],
    ids=["unit-of-another-provider", "own-provider", "where-it-came-from"],
)
def test_rerouting_to_the_wrong_place_is_refused_on_its_field_with_the_note_kept(
    client, people, a, reported, units, boras, sas, provider, unit, field
):
    from samsyn.deviations.tests.factories import unit_person
    from samsyn.parties.models import CareProvider

    nu = CareProvider.objects.get(name="NU-sjukvården")
    unit_person(nu, Role.HANDLER, None, "nu_handler")
    deviation = _sent_back(a, reported)
    moves = _moves(deviation)
    client.force_login(people["nurse"])
    fields = {"provider": {"nu": nu, "boras": boras, "sas": sas}[provider].pk}
    if unit:
        fields["unit"] = units[unit].pk
    response = _post(client, deviation, "skicka-om", note="Till rätt mottagare.", **fields)
    page = response.content.decode()
    assert response.status_code == 400, page[:300]
    assert f'id="id_skicka-om-{field}"' in page and 'aria-invalid="true"' in page
    assert "Till rätt mottagare." in page
    assert _moves(deviation) == moves
