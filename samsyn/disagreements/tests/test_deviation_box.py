"""A deviation's page leads its parties' managers to the disagreement ladder."""

from django.urls import reverse


def test_a_partys_manager_is_offered_to_take_a_deviation_up_as_a_disagreement(
    client, ladder, deviation, boras, sas
):
    case = deviation(boras, sas)
    client.force_login(ladder["boras1"])
    html = client.get(reverse("deviations:detail", args=[case.pk])).content.decode()
    assert "Ta upp som oenighet" in html
    assert f"{reverse('disagreements:create')}?deviation={case.pk}" in html


def test_a_handler_is_told_to_ask_a_manager_instead(client, ladder, deviation, boras, sas):
    case = deviation(boras, sas)
    client.force_login(ladder["handler"])
    html = client.get(reverse("deviations:detail", args=[case.pk])).content.decode()
    assert "Ta upp som oenighet" not in html
    assert "Be din första linjens chef" in html


def test_linked_disagreements_are_listed_on_the_deviation(client, ladder, deviation, boras, sas):
    from samsyn.core.access import actor_for
    from samsyn.disagreements import services
    from samsyn.disagreements.services.cases import disagreement_create
    from samsyn.disagreements.tests.factories import category

    case = deviation(boras, sas)
    disagreement = disagreement_create(
        actor=actor_for(ladder["boras1"]),
        case=services.DisagreementRegistration(
            provider_a=boras,
            provider_b=sas,
            title="Vem ordnar hjälpmedel",
            question="Oense om ansvaret.",
            position_a="Sjukhuset.",
            category=category(),
            deviations=[case],
        ),
    )
    client.force_login(ladder["sas1"])
    html = client.get(reverse("deviations:detail", args=[case.pk])).content.decode()
    assert reverse("disagreements:detail", args=[disagreement.pk]) in html


def test_deviations_know_nothing_of_disagreements():
    """The box comes through core's case-page registry: the deviation app names no
    disagreement in its code or templates (no template tag of another app)."""
    from pathlib import Path

    from django.conf import settings

    app = Path(settings.BASE_DIR) / "samsyn" / "deviations"
    naming = [
        path.relative_to(app).as_posix()
        for path in app.rglob("*")
        if path.suffix in (".py", ".html")
        and "tests" not in path.parts
        and "migrations" not in path.parts
        and "disagreement" in path.read_text(encoding="utf-8").lower()
    ]
    assert naming == []
