import pytest

from samsyn.parties.models import Role


@pytest.fixture
def ladder(boras, sas, skovde, make_person, personas):
    """The managers of both parties at each step, an outsider's manager and an administrator."""
    people = {}
    for step, role in ((1, Role.MANAGER_STEP1), (2, Role.MANAGER_STEP2), (3, Role.MANAGER_STEP3)):
        people[f"boras{step}"] = make_person(boras, role, username=f"chef{step}.boras.t")
        people[f"sas{step}"] = make_person(sas, role, username=f"chef{step}.sas.t")
    people["skovde1"] = make_person(skovde, Role.MANAGER_STEP1, username="chef1.skovde.t")
    people["admin_boras"] = make_person(boras, Role.ADMINISTRATOR, username="admin.boras.t")
    people["analyst"] = personas["analyst"]
    people["handler"] = personas["handler"]
    return people


@pytest.fixture
def deviation(personas, reference_data):
    """deviation(reporting, counterpart, status="sent") -> a deviation between two providers,
    reported and handled by people of those providers (the deviations app's own factory)."""
    from samsyn.deviations.models import Status
    from samsyn.deviations.tests.factories import deviation_in, document_make

    def make(reporting, counterpart, status=Status.SENT):
        from samsyn.parties.models import Role
        from samsyn.parties.tests.factories import person

        reporter = person(reporting, Role.REPORTER, username=f"rep-{reporting.pk}")
        handler = person(counterpart, Role.HANDLER, username=f"hand-{counterpart.pk}")
        return deviation_in(
            status,
            reporter=reporter,
            handler=handler,
            reporting_provider=reporting,
            counterpart_provider=counterpart,
            document=document_make(),
        )

    return make
