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
