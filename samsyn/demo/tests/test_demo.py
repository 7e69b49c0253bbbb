"""`make run`'s demo: every demo person has work today, every state the browser suite visits
exists, and loading twice adds nothing."""

import pytest
from django.core.management import call_command
from django.db.models import Q

from samsyn.agreements.models import AdoptionDecision, Termination
from samsyn.audit.selectors import audit_chain_verify
from samsyn.core.access import actor_for
from samsyn.demo.decisions import decisions_load
from samsyn.demo.people import DEMO_PEOPLE, demo_people_load
from samsyn.deviations.models import Deviation, Status
from samsyn.deviations.selectors import deviations_visible_to, waiting_for_q
from samsyn.deviations.worklist import my_reports
from samsyn.disagreements.models import Disagreement, Lesson
from samsyn.disagreements.selectors import disagreements_waiting_for
from samsyn.parties.models import Membership, Role
from samsyn.systemic.models import SystemicIssue


def test_demo_people_cover_every_role():
    assert {role for *_rest, role in DEMO_PEOPLE} == set(Role)


def test_invented_decisions_load_once(reference_data):
    demo_people_load()
    decisions_load()
    counts = (AdoptionDecision.objects.count(), Termination.objects.count())
    assert decisions_load() == 0
    assert counts == (AdoptionDecision.objects.count(), Termination.objects.count()) == (49, 2)
    statuses = list(AdoptionDecision.objects.values_list("status", flat=True))
    assert statuses.count("rejected") == 2 and statuses.count("pending") == 1


def _person(username):
    from django.contrib.auth import get_user_model

    return actor_for(get_user_model().objects.get(username=username))


@pytest.mark.django_db(transaction=False)
def test_demo_gives_every_demo_person_work_today_and_loads_once(reference_data):
    call_command("load_demo_data", allow_without_debug=True)
    counts = (Deviation.objects.count(), Disagreement.objects.count())
    assert counts[0] > 3000 and counts[1] > 10
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert audit_chain_verify().ok

    # Every state of a Borås Stad → Södra Älvsborgs Sjukhus case (the pages the suite visits).
    pair = Deviation.objects.filter(
        reporting_provider__name="Borås Stad", counterpart_provider__name="Södra Älvsborgs Sjukhus"
    )
    assert set(pair.values_list("status", flat=True)) == {s.value for s in Status} - {
        Status.REGISTERED
    }
    # The handlers and the nurse have cases waiting for them, some late; the reporters see
    # their own reports (inner secrecy, issue 17 item 6: a reporter sees her own and her unit's).
    for username in ("handlaggare.sas", "handlaggare.boras", "skoterska.boras"):
        actor = _person(username)
        waiting = deviations_visible_to(actor).filter(waiting_for_q(actor))
        assert waiting.exists(), username
    for username in ("rapportor", "skoterska.boras"):
        reporter = _person(username)
        assert my_reports(reporter).exists(), username
        assert set(deviations_visible_to(reporter)) <= set(
            Deviation.objects.filter(
                Q(reporter=reporter.user)
                | Q(reporting_unit__in=reporter.unit_ids())
                | Q(receiving_unit__in=reporter.unit_ids())
            )
        ), username
    sas = _person("handlaggare.sas")
    assert any(d.is_overdue() for d in deviations_visible_to(sas).filter(waiting_for_q(sas)))
    # The managers on both sides have disagreements at their step.
    for username in (
        "chef1.boras",
        "chef2.boras",
        "chef3.boras",
        "chef1.sas",
        "chef2.sas",
        "chef3.sas",
    ):
        assert disagreements_waiting_for(_person(username)), username
    boras = Disagreement.objects.filter(party_a__name="Borås Stad") | Disagreement.objects.filter(
        party_b__name="Borås Stad"
    )
    assert boras.filter(is_dispute=True, status="open").exists()
    assert boras.filter(status="closed", is_dispute=False).exists()
    assert Lesson.objects.filter(published_at__isnull=False).exists()
    # The sub-regional coordinator has grouped lifted cases into one systemic issue.
    (issue,) = SystemicIssue.objects.all()
    coordinator = _person("samordnare.sodra")
    assert issue.owner == coordinator.user and issue.deviations.count() >= 2
    assert set(issue.deviations.all()) <= set(deviations_visible_to(coordinator))

    call_command("load_demo_data", allow_without_debug=True)
    assert (Deviation.objects.count(), Disagreement.objects.count()) == counts
    assert SystemicIssue.objects.count() == 1


def test_login_page_lists_demo_people_only_in_development(client, settings, db):
    settings.DEBUG = True
    assert "handlaggare.sas" in client.get("/logga-in/").content.decode()
    settings.DEBUG = False
    assert "handlaggare.sas" not in client.get("/logga-in/").content.decode()
