"""A report's rules are asked once (issue 16): the form's answer is kept on the report it hands
to the service, and asked again as soon as a value the rules read is changed."""

from samsyn.core.models import Notification
from samsyn.deviations import services
from samsyn.deviations.forms import ReportForm
from samsyn.deviations.services import reporting
from samsyn.parties.models import CareProvider


def _counting_receivers(monkeypatch) -> list:
    asked = []
    real = reporting.receivers_at

    def counted(**kwargs):
        asked.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(reporting, "receivers_at", counted)
    return asked


def test_a_report_checked_by_its_rules_asks_who_receives_it_once(monkeypatch, actors, report):
    asked = _counting_receivers(monkeypatch)
    checked = report()
    assert services.report_problems(checked) == {}
    deviation = services.deviation_report(actor=actors["reporter"], report=checked)
    assert len(asked) == 1
    told = Notification.objects.filter(url=deviation.get_absolute_url())
    assert [n.user.username for n in told] == ["counterpart"]


def test_the_report_forms_report_carries_its_answer_to_the_service(
    monkeypatch, actors, report, boras
):
    asked = _counting_receivers(monkeypatch)
    sent = report()
    data = {
        "counterpart_provider": sent.counterpart_provider.pk,
        "event_date": sent.event_date.isoformat(),
        "title": sent.title,
        "description": sent.description,
        "document": sent.document.pk,
        "section": sent.section.pk,
        "category": sent.category.pk,
        "patient_consequence": sent.patient_consequence.pk,
        "psychological_consequence": sent.psychological_consequence.pk,
        "potential_consequence": sent.potential_consequence.pk,
        "organisation_consequence": sent.organisation_consequence.pk,
        "submission_token": str(sent.submission_token),
    }
    form = ReportForm(data, providers=[boras], county=boras.party.county_id)
    assert form.is_valid(), form.errors
    services.deviation_report(actor=actors["reporter"], report=form.report())
    assert len(asked) == 1


def test_a_value_changed_after_the_check_is_checked_again(report, boras):
    checked = report()
    assert services.report_problems(checked) == {}
    checked.counterpart_provider = boras
    assert services.report_problems(checked) == {"counterpart_provider": reporting.SAME_PROVIDER}


def test_a_row_read_again_that_says_otherwise_is_checked_again(report, sas):
    """The same provider read again after it was made inactive: equal by id, not the same."""
    checked = report()
    assert services.report_problems(checked) == {}
    CareProvider.objects.filter(pk=sas.pk).update(is_active=False)
    checked.counterpart_provider = CareProvider.objects.get(pk=sas.pk)
    assert services.report_problems(checked) == {
        "counterpart_provider": reporting.COUNTERPART_INACTIVE
    }


def test_a_patient_reference_added_after_the_check_is_still_checked(report):
    checked = report()
    assert services.report_problems(checked) == {}
    checked.patient_reference = "19121212-1213"
    assert "patient_reference" in services.report_problems(checked)
