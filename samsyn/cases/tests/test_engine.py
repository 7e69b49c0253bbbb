"""A new case type needs only its states, its moves and its permission rows (issue 15, part 1).

A tiny case type is defined here and nowhere else — a lex Maria assessment: a patient-safety
lead assesses a serious event and reports it to IVO — and run through the engine: an allowed
move, a refused move naming both states, the wrong role, a stale version, and the history row
and audit event every move leaves.
"""

import pytest
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.utils.translation import gettext

from samsyn.audit.models import AuditEvent
from samsyn.cases.models import Transition
from samsyn.cases.selectors import case_history
from samsyn.cases.workflow import BAD_TRANSITION, Move, Workflow
from samsyn.core.access import PERMISSIONS, Scope, actor_for
from samsyn.core.services import CONCURRENT_EDIT_CODE
from samsyn.parties.models import Role


class Assessment(models.Model):
    """The tiny case: a state, a version, and the provider whose case it is."""

    class State(models.TextChoices):
        NEW = "new", "Ny"
        ASSESSED = "assessed", "Bedömd"
        REPORTED = "reported", "Anmäld till IVO"

    status = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    version = models.PositiveIntegerField(default=1)
    provider_id = models.PositiveIntegerField()
    party_id = models.PositiveIntegerField()
    county_id = models.PositiveIntegerField()

    class Meta:
        app_label = "lexmaria"
        apps = Apps()  # kept out of the project's models: no migration, no admin

    def __str__(self):
        return f"Bedömning {self.pk}"

    def access_provider_ids(self):
        return [self.provider_id]

    def access_party_ids(self):
        return [self.party_id]

    def access_county_id(self):
        return self.county_id


S = Assessment.State


@pytest.fixture
def workflow(db):
    """The case type's permission rows and its table of moves: nothing else."""
    PERMISSIONS["lexmaria.assess"] = {Role.HANDLER: Scope.INVOLVED}
    with connection.cursor() as cursor:  # the test's own table, inside the test's transaction
        cursor.execute(*connection.schema_editor().table_sql(Assessment))
    yield Workflow(
        model=Assessment,
        states=S,
        prefix="lexmaria.assessment",
        case_kwarg="assessment",
        moves=[
            Move("assess", "bedom", "Bedöm", {S.NEW}, "lexmaria.assess", target=S.ASSESSED),
            Move(
                "report",
                "anmal",
                "Anmäl till IVO",
                {S.ASSESSED},
                "lexmaria.assess",
                target=S.REPORTED,
                primary=True,
            ),
            Move(
                "comment", "kommentar", "Kommentera", S.values, "lexmaria.assess", done="Notering"
            ),
        ],
    )
    del PERMISSIONS["lexmaria.assess"]
    ContentType.objects.clear_cache()  # its content type row goes with the test's transaction


@pytest.fixture
def case(boras):
    return Assessment.objects.create(
        provider_id=boras.pk, party_id=boras.party_id, county_id=boras.party.county_id
    )


@pytest.fixture
def lead(personas):
    return actor_for(personas["handler"])  # a handler at Borås Stad, the case's provider


def test_an_allowed_move_changes_the_state_and_the_version(workflow, case, lead):
    assert [m.code for m in workflow.moves_available(lead, case)] == ["assess", "comment"]
    workflow.transition(actor=lead, case=case, code="assess", expected_version=1)
    case.refresh_from_db()
    assert (case.status, case.version) == (S.ASSESSED, 2)
    assert workflow.primary_move(lead, case).code == "report"


def test_a_move_the_table_does_not_allow_is_refused_naming_both_states(workflow, case, lead):
    with pytest.raises(ValidationError) as exc:
        workflow.transition(actor=lead, case=case, code="report", expected_version=1)
    assert exc.value.messages == [
        gettext(BAD_TRANSITION).format(current="Ny", target="Anmäld till IVO")
    ]
    case.refresh_from_db()
    assert (case.status, case.version) == (S.NEW, 1)


@pytest.mark.parametrize("who", ["reporter", "outsider", "analyst"])
def test_a_person_without_the_permission_row_is_refused(workflow, case, personas, who):
    """A reporter of the same provider (wrong role), a handler elsewhere, a county analyst."""
    actor = actor_for(personas[who])
    assert workflow.moves_available(actor, case) == []
    with pytest.raises(PermissionDenied):
        workflow.transition(actor=actor, case=case, code="assess", expected_version=1)
    assert not Transition.objects.exists()


def test_a_stale_version_is_refused_and_nothing_is_written(workflow, case, lead):
    Assessment.objects.filter(pk=case.pk).update(version=2)  # someone saved since
    with pytest.raises(ValidationError) as exc:
        workflow.transition(actor=lead, case=case, code="assess", expected_version=1)
    assert exc.value.code == CONCURRENT_EDIT_CODE
    assert Assessment.objects.get(pk=case.pk).status == S.NEW


def test_every_move_leaves_a_history_row_and_an_audit_event(workflow, case, lead, personas):
    workflow.transition(actor=lead, case=case, code="assess", expected_version=1, note="Allvarlig.")
    workflow.transition(actor=lead, case=case, code="comment", facts={"document": 7})

    rows = Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(Assessment), object_id=case.pk
    )
    assert [(r.move, r.from_state, r.to_state, r.by) for r in rows] == [
        ("assess", S.NEW, S.ASSESSED, personas["handler"]),
        ("comment", S.ASSESSED, S.ASSESSED, personas["handler"]),
    ]
    assert rows[0].note == "Allvarlig." and rows[1].data == {"document": 7}
    events = AuditEvent.objects.filter(object_type="lexmaria.assessment", object_id=str(case.pk))
    assert [(e.action, e.data) for e in events.order_by("id")] == [
        ("lexmaria.assessment.assess", {"from": "new", "to": "assessed", "note_written": True}),
        ("lexmaria.assessment.comment", {"document": 7}),
    ]
    assert [e["label"] for e in case_history(workflow=workflow, case=case)] == [
        "Bedömd",
        "Notering",
    ]
