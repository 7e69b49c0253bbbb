"""Issue 18: the patient reference never follows a deviation onto the ladder. A disagreement
opened from a deviation that holds one, worked through step 1 to a protocol both parties
confirm and download, shows the number on no page, list, search, export, protocol, PDF or API
answer of anyone on the ladder or of the county's analyst, and no table holds it but the
encrypted column of the deviation."""

import io
import uuid

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samsyn.core.access import actor_for
from samsyn.deviations import services as deviation_services
from samsyn.deviations.tests.test_patient_nowhere import FOUND, _body, _where_found
from samsyn.disagreements import from_deviation, services
from samsyn.disagreements.tests.factories import category, document_with_sections, escalate

NUMBER = "19121212-1212"


@pytest.fixture
def laddered(ladder, boras, sas, deviation):
    """A deviation with the patient's number, its disagreement past step 1, the step 1
    protocol confirmed by both step 1 owners."""
    dev = deviation(boras, sas)
    dev.patient_affected = True
    dev.save(update_fields=["patient_affected"])
    deviation_services.patient_reference_save(
        actor=actor_for(ladder["boras1"]),
        deviation=dev,
        token=deviation_services.patient_reference_token(NUMBER),
    )
    actor = actor_for(ladder["boras1"])
    answer = {"temporary_solution_none": True, "temporary_solution": "Patienten är kvar."}
    d = services.disagreement_create(
        actor=actor,
        case=from_deviation._registration(actor, dev, category(), uuid.uuid4(), answer),
    )
    protocol = d.steps.get().protocol
    doc = document_with_sections(d.county)[0]
    for who, party in (("boras1", boras.party), ("sas1", sas.party)):
        services.protocol_position_write(
            actor=actor_for(ladder[who]),
            disagreement=d,
            protocol=protocol,
            party=party,
            position="Vår ståndpunkt.",
            facts="Listan saknades.",
            document=doc,
            section=None,
        )
    d = escalate(ladder["boras1"], d)
    for who, party in (("boras1", boras.party), ("sas1", sas.party)):
        services.protocol_confirm(
            actor=actor_for(ladder[who]), disagreement=d, protocol=protocol, party=party
        )
    protocol.refresh_from_db()
    assert protocol.is_frozen
    return d, protocol


def test_the_number_never_follows_the_deviation_onto_the_ladder(client, ladder, laddered):
    d, protocol = laddered
    pages = [
        reverse("disagreements:detail", args=[d.pk]),
        reverse("disagreements:list"),
        reverse("disagreements:list") + "?q=1212",
        reverse("disagreements:list") + "?format=csv",
        reverse("disagreements:list") + "?format=xlsx",
        reverse("disagreements:protocol", args=[d.pk, protocol.pk]),
        reverse("disagreements:lessons"),
        "/api/v1/disagreements",
        f"/api/v1/disagreements/{d.pk}",
        reverse("core:start"),
        reverse("core:notifications"),
    ]
    for who in ("boras1", "sas1", "boras2", "sas2", "analyst"):
        client.force_login(ladder[who])
        for url in pages:
            response = client.get(url)
            # The step owners of the two parties read the case itself; the others may not.
            expected = (200,) if who in ("boras1", "sas1") else (200, 404)
            assert response.status_code in expected, (who, url, response.status_code)
            assert not FOUND.search(_body(response)), (who, url)
    client.force_login(ladder["sas1"])
    pdf = client.get(reverse("disagreements:protocol_pdf", args=[d.pk, protocol.pk]))
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Patienten är kvar." in text  # the PDF is read, …
    assert not FOUND.search(text)  # … and holds no number
    assert _where_found() == []
