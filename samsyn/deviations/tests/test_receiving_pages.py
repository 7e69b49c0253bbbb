"""The receiving side through the pages (issue 17): bad input is refused on its field with
what was typed kept (400), a double-submitted answer is one answer, the wrong role gets 403."""

import pytest
from django.urls import reverse

from samsyn.deviations.models import Deviation, Position, Status, Verdict
from samsyn.parties.models import CareUnit


def _post(client, deviation, slug, **fields):
    deviation.refresh_from_db()
    data = {f"{slug}-{k}": v for k, v in fields.items()}
    data[f"{slug}-version"] = deviation.version
    return client.post(reverse("deviations:action", args=[deviation.pk, slug]), data)


def test_the_ward_passes_on_disputes_answers_and_the_nurse_questions_through_the_pages(
    client, people, reported, units, document
):
    deviation = reported(unit="ward14")
    client.force_login(people["ward14_handler"])
    page = client.get(deviation.get_absolute_url()).content.decode()
    assert "skicka-vidare" in page and "skicka-tillbaka" in page
    response = _post(client, deviation, "skicka-vidare", unit=units["norr"].pk)
    assert response.status_code == 400  # a unit of another provider is not offered
    assert _post(client, deviation, "skicka-vidare", unit=units["ward12"].pk).status_code == 302

    client.force_login(people["ward12_handler"])
    response = _post(
        client, deviation, "kvittera", position="disputes", receiver_account="Vi skickade."
    )
    assert response.status_code == 400
    assert "Vi skickade." in response.content.decode()
    assert "id_kvittera-disputed_document" in response.content.decode()
    response = _post(
        client,
        deviation,
        "kvittera",
        position="disputes",
        receiver_account="Vi skickade.",
        disputed_document=document.pk,
    )
    assert response.status_code == 302
    assert _post(client, deviation, "svara", answer="").status_code == 400
    version = Deviation.objects.get(pk=deviation.pk).version
    url = reverse("deviations:action", args=[deviation.pk, "svara"])
    for _ in range(2):  # a double submit
        client.post(url, {"svara-version": version, "svara-answer": "Ingen åtgärd."})
    assert deviation.transitions.filter(move="answer").count() == 1

    # Accepting is the reporting side's: the receiver is refused.
    assert _post(client, deviation, "godta-svaret").status_code == 403
    client.force_login(people["nurse"])
    assert _post(client, deviation, "ifragasatt-svaret", question_reason="").status_code == 400
    response = _post(client, deviation, "ifragasatt-svaret", question_reason="Listan kom inte.")
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.verdict == Verdict.QUESTIONED and deviation.position == Position.DISPUTES
    assert deviation.status == Status.ACKNOWLEDGED


@pytest.mark.parametrize("who", ["soder_reporter", "ward14_handler", "unrelated"])
def test_people_outside_the_units_do_not_reach_the_case_page(client, people, reported, who):
    deviation = reported()
    client.force_login(people[who])
    assert client.get(deviation.get_absolute_url()).status_code == 404


def test_the_report_form_takes_a_unit_and_says_who_will_receive_it(
    client, people, units, sas, document
):

    client.force_login(people["nurse"])
    page = client.get(reverse("deviations:report")).content.decode()
    assert 'id="id_receiving_unit"' in page and "Avdelning 12, medicin" in page
    said = client.get(
        reverse("deviations:receivers"),
        {"counterpart_provider": sas.pk, "receiving_unit": units["ward12"].pk},
    ).content.decode()
    assert "Avdelning 12, medicin" in said
    # A unit without a handler of its own: the provider's handlers receive it, and it is said.
    empty = CareUnit.objects.create(provider=sas, name="Akutmottagningen")
    said = client.get(
        reverse("deviations:receivers"),
        {"counterpart_provider": sas.pk, "receiving_unit": empty.pk},
    ).content.decode()
    assert said == (
        "Akutmottagningen har ingen egen avvikelsehandläggare. Den tas emot av "
        "avvikelsehandläggarna hos Södra Älvsborgs Sjukhus."
    )
    skas = sas.party.providers.get(name="Skaraborgs Sjukhus")
    said = client.get(reverse("deviations:receivers"), {"counterpart_provider": skas.pk})
    assert "Skaraborgs Sjukhus" in said.content.decode()  # nobody: said before sending


def test_my_reports_shows_the_reporters_own_reports_with_the_answer(client, people, reported):
    deviation = reported()
    client.force_login(people["nurse"])
    page = client.get(reverse("deviations:my_reports")).content.decode()
    assert deviation.reference in page and "Avdelning 12, medicin" in page
    client.force_login(people["colleague"])
    assert deviation.reference not in client.get(reverse("deviations:my_reports")).content.decode()


def test_ones_own_reports_have_one_page_the_old_list_view_leads_there(client, people, reported):
    deviation = reported()
    client.force_login(people["nurse"])
    moved = client.get(reverse("deviations:list"), {"view": "reported"})
    assert moved.status_code == 302 and moved.url == reverse("deviations:my_reports")
    start = client.get(reverse("core:start")).content.decode()
    assert "Mina ärenden" not in start
    assert reverse("deviations:my_reports") in start
    # It waits for the ward, not for her: not on her to-do list, only among her latest reports.
    to_do, latest = start.split("Dina senaste rapporter: 1", 1)
    assert deviation.reference not in to_do and deviation.reference in latest


def test_the_start_page_lists_what_waits_for_the_ward_and_the_gaps_for_the_county(
    client, people, reported, personas
):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    start = client.get(reverse("core:start")).content.decode()
    assert deviation.reference in start
    client.force_login(personas["county_admin"])
    start = client.get(reverse("core:start")).content.decode()
    assert "Vårdgivare där ingen tar emot avvikelser" in start
    assert reverse("parties:people") in start
    assert "/admin/" not in start  # roles are given on the people pages


def _acknowledged(people, reported):
    from samsyn.core.access import actor_for
    from samsyn.deviations import services

    deviation = reported()
    return services.deviation_acknowledge(
        actor=actor_for(people["ward12_handler"]),
        deviation=deviation,
        expected_version=deviation.version,
        position=Position.AGREES,
    )


def test_the_answer_deadline_is_shown_to_both_sides_and_an_overdue_answer_in_the_list(
    client, people, reported
):
    import datetime

    from django.utils import timezone

    deviation = _acknowledged(people, reported)
    due = deviation.answer_due.isoformat()
    for who in ("nurse", "ward12_handler"):
        client.force_login(people[who])
        page = client.get(deviation.get_absolute_url()).content.decode()
        assert "Svara senast" in page and due in page, who
    late = timezone.localdate() - datetime.timedelta(days=1)
    Deviation.objects.filter(pk=deviation.pk).update(
        answer_due=late, analysis_due=timezone.localdate() + datetime.timedelta(days=5)
    )
    for who in ("nurse", "ward12_handler"):
        client.force_login(people[who])
        listed = client.get(reverse("deviations:list"), {"overdue": "on"}).content.decode()
        assert deviation.reference in listed and "Svar försenat" in listed, who
        assert late.isoformat() in listed  # the next deadline is the answer's


def test_the_coordinators_decision_is_shown_to_both_parties_on_the_case_page(
    client, people, reported, boras, sas
):
    from samsyn.core.access import actor_for
    from samsyn.deviations import services
    from samsyn.deviations.models import LiftDecision, LiftedLevel
    from samsyn.deviations.services import receiving
    from samsyn.parties.models import CooperationArea, Membership, Role
    from samsyn.parties.tests.factories import UserFactory

    deviation = _acknowledged(people, reported)
    services.deviation_lift(
        actor=actor_for(people["ward12_handler"]),
        deviation=deviation,
        expected_version=deviation.version,
        level=LiftedLevel.SUB_REGIONAL,
        reason="Rutinen saknas i hela området.",
    )
    coordinator = UserFactory(username="sodra_alvsborg")
    Membership.objects.create(
        user=coordinator,
        provider=sas,
        role=Role.SUBREGIONAL_COORDINATOR,
        area=CooperationArea.objects.get(members=boras.party),
    )
    receiving.deviation_lift_decide(
        actor=actor_for(coordinator),
        deviation=deviation,
        expected_version=deviation.version,
        decision=LiftDecision.MORE_ASKED,
        note="Hur många utskrivningar gäller det?",
    )
    for who in ("nurse", "ward12_handler"):
        client.force_login(people[who])
        page = client.get(deviation.get_absolute_url()).content.decode()
        assert "Samordnarnas beslut om det lyfta ärendet" in page, who
        assert "Samordnarna begär mer underlag" in page, who
        assert "Hur många utskrivningar gäller det?" in page


def test_passing_on_and_sending_back_are_in_the_history_the_trail_and_the_inbox(
    client, people, reported, units
):
    from samsyn.audit.models import AuditEvent
    from samsyn.core.models import Notification

    deviation = reported()
    client.force_login(people["sas_wide"])
    client.post(
        reverse("deviations:action", args=[deviation.pk, "skicka-vidare"]),
        {
            "skicka-vidare-version": deviation.version,
            "skicka-vidare-unit": units["ward14"].pk,
            "skicka-vidare-note": "Patienten låg på kirurgen.",
        },
    )
    deviation.refresh_from_db()
    client.force_login(people["ward14_handler"])
    client.post(
        reverse("deviations:action", args=[deviation.pk, "skicka-tillbaka"]),
        {
            "skicka-tillbaka-version": deviation.version,
            "skicka-tillbaka-reason": "wrong_receiver",
            "skicka-tillbaka-note": "Patienten vårdades på NU-sjukvården.",
        },
    )
    trail = AuditEvent.objects.filter(object_id=str(deviation.pk))
    passed = trail.get(action="deviations.deviation.passed_on")
    assert passed.data["unit"] == units["ward14"].pk
    assert passed.data["from_unit"] == units["ward12"].pk
    sent_back = trail.get(action="deviations.deviation.sent_back")
    assert sent_back.data["reason"] == "wrong_receiver"
    assert "Patienten vårdades" not in str(sent_back.data)  # the trail keeps no free text
    client.force_login(people["nurse"])
    page = client.get(deviation.get_absolute_url()).content.decode()
    assert "Patienten låg på kirurgen." in page  # the history, with its note
    assert "Skickad tillbaka: Fel mottagare" in page
    assert "Patienten vårdades på NU-sjukvården." in page
    told = Notification.objects.filter(user=people["nurse"]).values_list("subject", flat=True)
    assert any("Avdelning 14, kirurgi" in s for s in told)  # passed on: the reporter is told
    assert any("Fel mottagare" in s for s in told)  # sent back: told why


def test_the_trail_keeps_none_of_the_receiving_sides_words(client, people, reported, units):
    """The trail cannot be purged: the receiver's account, its answer, the question, the
    reason for sending back and the coordinators' note stay on the case (which retention
    purges), and the trail says only that they changed."""
    from samsyn.audit.models import AuditEvent
    from samsyn.core.access import actor_for
    from samsyn.deviations import services
    from samsyn.deviations.models import LiftDecision, LiftedLevel, ReturnReason
    from samsyn.deviations.services import receiving
    from samsyn.deviations.tests.factories import unit_person
    from samsyn.parties.models import CareProvider, Role

    ward = actor_for(people["ward12_handler"])
    words = {
        "account": "Listan skickades elektroniskt före hemgång.",
        "answer": "Vi skickar listan med patienten.",
        "question": "Listan kom aldrig fram till hemsjukvården.",
        "back": "Patienten vårdades på en annan klinik.",
        "lift": "Hur många utskrivningar gäller det?",
    }
    deviation = reported()
    services.deviation_acknowledge(
        actor=ward,
        deviation=deviation,
        expected_version=deviation.version,
        position=Position.PARTLY,
        account=words["account"],
    )
    receiving.deviation_answer(
        actor=ward, deviation=deviation, expected_version=deviation.version, answer=words["answer"]
    )
    receiving.deviation_question_answer(
        actor=actor_for(people["nurse"]),
        deviation=deviation,
        expected_version=deviation.version,
        reason=words["question"],
    )
    services.deviation_lift(
        actor=ward,
        deviation=deviation,
        expected_version=deviation.version,
        level=LiftedLevel.COUNTY,
        reason="Rutinen saknas.",
    )
    county = unit_person(
        CareProvider.objects.get(name="Koncernkontoret"), Role.COUNTY_COORDINATOR, None, "lanet"
    )
    receiving.deviation_lift_decide(
        actor=actor_for(county),
        deviation=deviation,
        expected_version=deviation.version,
        decision=LiftDecision.MORE_ASKED,
        note=words["lift"],
    )
    other = reported()
    receiving.deviation_send_back(
        actor=ward,
        deviation=other,
        expected_version=other.version,
        reason=ReturnReason.WRONG_RECEIVER,
        note=words["back"],
    )
    trail = " ".join(
        str(e.data)
        for e in AuditEvent.objects.filter(object_id__in=[str(deviation.pk), str(other.pk)])
    )
    assert "answer_questioned" in str(list(AuditEvent.objects.values_list("action", flat=True)))
    for name, text in words.items():
        assert text not in trail, name
    deviation.refresh_from_db()
    assert deviation.answer == words["answer"]  # the case keeps them
