"""The regime rule: which documents govern a party and the region on a date (DOMAIN.md 1)."""

from datetime import date

import pytest

from samsyn.agreements.models import AdoptionDecision
from samsyn.agreements.selectors import (
    PAIR_NOT_BOUND,
    Branch,
    document_binds_pair,
    document_governs,
    governing_documents_on,
)
from samsyn.agreements.tests.factories import (
    agreement_approved,
    decide,
    document,
    party,
    region,
    terminate,
)

pytestmark = pytest.mark.django_db

IN_2027 = date(2027, 3, 1)
FALLBACK = {"RBA", "PVA", "HSL"}


def codes(regime):
    return {d.code for d in regime.documents}


def test_approved_and_in_force_gives_agreement_sub_agreements_and_guidelines(reference_data):
    boras = party("1490")
    agreement_approved(boras)

    regime = governing_documents_on(party=boras, on_date=IN_2027)

    assert regime.branch is Branch.AGREEMENT
    assert {
        "HSA-2027",
        "OK-LAKARANSVAR",
        "OK-BETALNINGSANSVAR",
        "OK-PSYKISK",
        "OK-MUNHALSA",
        "RL-AVVIKELSER",
        "RL-SIP",
        "RUTIN-SIP",
    } <= codes(regime)
    assert "HSA-2017" not in codes(regime)
    # Replaced by the guideline (the presentation on the addendum to the agreement).
    assert "RUTIN-AVVIKELSER" not in codes(regime)
    assert "Borås Stad har godkänt avtalet (beslut 2026-04-12)" in regime.reason


def test_rejected_gives_only_regionbildningsavtalet_and_hsl(reference_data):
    lysekil = party("1484")
    agreement_approved()
    decide(lysekil, AdoptionDecision.Status.REJECTED, on=date(2026, 4, 12))

    regime = governing_documents_on(party=lysekil, on_date=IN_2027)

    assert regime.branch is Branch.NOT_APPROVED
    assert codes(regime) == FALLBACK
    assert regime.reason == (
        "Lysekils kommun har inte godkänt avtalet (beslut 2026-04-12) – endast "
        "Regionbildningsavtalet, inklusive Primärvårdsavtalet, och Hälso- och sjukvårdslag "
        "(2017:30) gäller."
    )


def test_a_municipality_that_never_decided_falls_back(reference_data):
    agreement_approved()

    regime = governing_documents_on(party=party("1438"), on_date=IN_2027)

    assert regime.branch is Branch.NOT_APPROVED
    assert codes(regime) == FALLBACK
    assert "har inte fattat beslut om avtalet" in regime.reason


def test_pending_decision_falls_back_like_no_decision(reference_data):
    agreement_approved()
    decide(party("1438"), AdoptionDecision.Status.PENDING)

    assert governing_documents_on(party=party("1438"), on_date=IN_2027).branch is (
        Branch.NOT_APPROVED
    )


def test_without_the_regional_council_nobody_has_the_agreement(reference_data):
    boras = party("1490")
    decide(boras)

    regime = governing_documents_on(party=boras, on_date=IN_2027)

    assert regime.branch is Branch.REGION_NOT_APPROVED
    assert codes(regime) == FALLBACK


def test_the_region_is_bound_by_what_it_approved(reference_data):
    assert governing_documents_on(party=region(), on_date=IN_2027).branch is Branch.NOT_APPROVED
    decide(region())
    regime = governing_documents_on(party=region(), on_date=IN_2027)
    assert regime.branch is Branch.AGREEMENT
    assert "RL-AVVIKELSER" in codes(regime)


def test_before_2027_the_2017_agreement_and_old_routine_apply_whatever_was_decided(reference_data):
    lysekil = party("1484")
    agreement_approved()
    decide(lysekil, AdoptionDecision.Status.REJECTED)

    regime = governing_documents_on(party=lysekil, on_date=date(2026, 6, 1))

    assert regime.branch is Branch.PREVIOUS_AGREEMENT
    assert {"HSA-2017", "RUTIN-AVVIKELSER", "RL-OENIGHET-REGIONAL"} <= codes(regime)
    assert "HSA-2027" not in codes(regime)
    assert "gäller först från 2027-01-01" in regime.reason


def test_the_day_the_new_agreement_starts_is_governed_by_it(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    assert governing_documents_on(party=boras, on_date=date(2026, 12, 31)).agreement.code == (
        "HSA-2017"
    )
    assert governing_documents_on(party=boras, on_date=date(2027, 1, 1)).agreement.code == (
        "HSA-2027"
    )


def test_no_agreement_at_all_before_the_first_one(reference_data):
    regime = governing_documents_on(party=party("1490"), on_date=date(2010, 1, 1))
    assert regime.branch is Branch.NO_AGREEMENT
    assert codes(regime) == {"RBA", "PVA"}  # HSL (2017:30) did not exist yet


def test_terminated_agreement_applies_until_its_end_date_then_falls_back(reference_data):
    boras, mark = party("1490"), party("1463")
    agreement_approved(boras, mark)
    termination = terminate(boras, on=date(2026, 10, 1))
    assert termination.ends_on == date(2030, 12, 31)

    on_last_day = governing_documents_on(party=boras, on_date=date(2030, 12, 31))
    after = governing_documents_on(party=boras, on_date=date(2031, 1, 1))

    assert on_last_day.branch is Branch.AGREEMENT
    assert after.branch is Branch.TERMINATED
    assert codes(after) == FALLBACK
    assert "sade upp avtalet 2026-10-01" in after.reason
    # Terminating the agreement ends its sub-agreements too, for Borås only.
    assert "OK-LAKARANSVAR" not in codes(after)
    assert governing_documents_on(party=mark, on_date=date(2031, 1, 1)).branch is Branch.AGREEMENT


def test_a_sub_agreement_terminated_alone_leaves_the_rest(reference_data):
    boras, mark = party("1490"), party("1463")
    agreement_approved(boras, mark)
    terminate(boras, "OK-MUNHALSA", on=date(2026, 10, 1))

    after = governing_documents_on(party=boras, on_date=date(2031, 1, 1))

    assert after.branch is Branch.AGREEMENT
    assert "OK-MUNHALSA" not in codes(after)
    assert {"HSA-2027", "OK-LAKARANSVAR", "OK-BETALNINGSANSVAR", "OK-PSYKISK"} <= codes(after)
    assert "har sagt upp Överenskommelse Ansvar för samverkan om munhälsa" in after.reason
    assert "OK-MUNHALSA" in codes(governing_documents_on(party=mark, on_date=date(2031, 1, 1)))


def test_regime_json_shape(reference_data):
    boras = party("1490")
    agreement_approved(boras)
    data = governing_documents_on(party=boras, on_date=IN_2027).as_dict()
    assert set(data) == {"party", "date", "branch", "reason", "documents"}
    assert data["party"] == {"code": "1490", "name": "Borås Stad", "kind": "municipality"}
    first = data["documents"][0]
    assert first == {
        "code": "HSA-2027",
        "title": document().title,
        "kind": "agreement",
        "parent": None,
        "version": "1.0",
    }


class TestDocumentGoverns:
    def test_guideline_governs_municipality_and_region_provider_when_approved(self, boras, sas):
        agreement_approved(boras.party)
        assert document_governs(
            document=document("RL-AVVIKELSER"), provider_a=boras, provider_b=sas, on_date=IN_2027
        ) == (True, "")

    def test_guideline_does_not_govern_a_municipality_that_rejected(self, boras, sas):
        agreement_approved()
        decide(boras.party, AdoptionDecision.Status.REJECTED)
        governs, reason = document_governs(
            document=document("RL-AVVIKELSER"), provider_a=sas, provider_b=boras, on_date=IN_2027
        )
        assert governs is False
        assert reason.startswith(
            "Länsgemensam riktlinje patientsäkerhet och avvikelser mellan vårdgivare gällde inte "
            "mellan Borås Stad och regionen den 2027-03-01: Borås Stad har inte godkänt avtalet"
        )

    def test_hsl_governs_even_without_the_agreement(self, boras, sas):
        assert document_governs(
            document=document("HSL"), provider_a=boras, provider_b=sas, on_date=IN_2027
        ) == (True, "")

    def test_a_document_not_yet_in_force_does_not_govern(self, boras, sas):
        agreement_approved(boras.party)
        governs, reason = document_governs(
            document=document("RL-AVVIKELSER"),
            provider_a=boras,
            provider_b=sas,
            on_date=date(2026, 6, 1),
        )
        assert governs is False
        assert reason.endswith("gällde inte den 2026-06-01.")

    def test_two_municipalities_need_both_to_have_the_agreement(self, boras, skovde):
        """A county-wide guideline binds two municipalities once both have the agreement."""
        agreement_approved(boras.party)
        governs, reason = document_governs(
            document=document("RL-AVVIKELSER"),
            provider_a=boras,
            provider_b=skovde,
            on_date=IN_2027,
        )
        assert governs is False
        assert "mellan Skövde kommun och regionen" in reason
        decide(skovde.party)
        assert document_governs(
            document=document("RL-AVVIKELSER"),
            provider_a=boras,
            provider_b=skovde,
            on_date=IN_2027,
        ) == (True, "")

    @pytest.mark.parametrize("code", ["HSA-2027", "OK-BETALNINGSANSVAR", "RBA", "PVA"])
    def test_the_agreement_never_binds_two_municipalities_to_each_other(self, boras, skovde, code):
        """Both adopted, in force: still, the agreement binds each of them to the region."""
        agreement_approved(boras.party, skovde.party)
        governs, reason = document_governs(
            document=document(code), provider_a=boras, provider_b=skovde, on_date=IN_2027
        )
        assert governs is False
        assert reason == PAIR_NOT_BOUND.format(
            document=document(code).title, party_a="Borås Stad", party_b="Skövde kommun"
        )

    @pytest.mark.parametrize("code", ["HSA-2027", "RL-AVVIKELSER", "HSL"])
    def test_the_pair_rule_lets_the_region_and_a_municipality_be_bound(
        self, boras, sas, skovde, code
    ):
        assert document_binds_pair(
            document=document(code), party_a=boras.party, party_b=sas.party
        ) == (True, "")
        assert document_binds_pair(
            document=document(code), party_a=sas.party, party_b=skovde.party
        ) == (True, "")

    @pytest.mark.parametrize("code", ["RL-AVVIKELSER", "RUTIN-SIP", "HSL"])
    def test_county_wide_documents_and_the_law_bind_two_municipalities(self, boras, skovde, code):
        assert document_binds_pair(
            document=document(code), party_a=boras.party, party_b=skovde.party
        ) == (True, "")

    def test_two_region_providers_are_governed_by_county_wide_documents(self, sas):
        from samsyn.parties.models import CareProvider

        nu = CareProvider.objects.get(name="NU-sjukvården")
        assert document_governs(
            document=document("RL-AVVIKELSER"), provider_a=sas, provider_b=nu, on_date=IN_2027
        ) == (True, "")
        governs, _ = document_governs(
            document=document("OK-LAKARANSVAR"), provider_a=sas, provider_b=nu, on_date=IN_2027
        )
        assert governs is False
        decide(region())
        assert document_governs(
            document=document("OK-LAKARANSVAR"), provider_a=sas, provider_b=nu, on_date=IN_2027
        ) == (True, "")


def test_documents_for_citation_lists_documents_with_their_sections(reference_data):
    from samsyn.agreements.selectors import documents_for_citation
    from samsyn.parties.models import County

    docs = {d.code: d for d in documents_for_citation(county=County.objects.get(code="14"))}
    assert "RL-AVVIKELSER" in docs and "HSA-2027" in docs
    numbers = [s.number for s in docs["RL-AVVIKELSER"].sections.all()]
    assert numbers[:4] == ["1", "2", "3", "3.1"]
    assert "3.2" in numbers
