import pytest
from django.core.exceptions import ValidationError

from samsyn.core.privacy import guard_free_text, personal_numbers_in


@pytest.mark.parametrize(
    "text",
    [
        "Patienten 19121212-1212 skrevs ut utan läkemedelslista",
        "pnr 121212-1212",
        "pnr 1212121212 i texten",
        "Personnummer 201212121212.",
        "samordningsnummer 701063-2391",  # day 63 = the 3rd, + 60
        "121212+1212 är över hundra år",
    ],
)
def test_personal_identity_numbers_are_found(text):
    assert personal_numbers_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Utskrivning 2026-12-12 kl 12:12",
        "Telefon 031-123 45 67",
        "19121212-1213 har fel kontrollsiffra",
        "991332-1234 har ingen giltig månad",
        "Ärende 2026-0042 och 20261212",
        "",
    ],
)
def test_dates_phone_numbers_and_wrong_check_digits_are_not_flagged(text):
    assert personal_numbers_in(text) == []


def test_guard_names_each_field_that_holds_a_personal_number():
    with pytest.raises(ValidationError) as exc:
        guard_free_text(description="ok text", proposed_measure="gäller 19121212-1212")
    assert set(exc.value.message_dict) == {"proposed_measure"}
    assert "19121212-****" in exc.value.message_dict["proposed_measure"][0]


def test_field_validator_refuses_a_personal_number():
    from samsyn.core.privacy import no_personal_identity_number

    no_personal_identity_number("Utskrivning utan läkemedelslista")
    with pytest.raises(ValidationError, match="personnummer"):
        no_personal_identity_number("gäller 19121212-1212")
