"""Fixtures every app's tests share: the reference data and named personas."""

import contextlib

import pytest

from samsyn.agreements.services import agreement_registry_file, agreement_registry_load
from samsyn.parties.models import CareProvider, County, Party, Role, SubRegion
from samsyn.parties.services import reference_data_file, reference_data_load

_PREPARING = []


def pytest_sessionstart(session):
    """A run of the whole suite (`make test`) prepares the live servers' database beside the
    first tests instead of making a worker wait for it; see tests/browser/conftest.py."""
    config = session.config
    if hasattr(config, "workerinput") or config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return
    if config.getoption("collectonly"):
        return
    from tests.browser.conftest import prepare_in_background

    _PREPARING.append(prepare_in_background())


def pytest_sessionfinish(session):
    """The live servers' prepared database goes with the test run that made it (the controller
    of pytest-xdist's workers, or the only process); see tests/browser/conftest.py."""
    if not hasattr(session.config, "workerinput"):
        from tests.browser.conftest import drop_prepared

        for thread in _PREPARING:
            thread.join()
        drop_prepared()


_FROM_BASE = []  # set when this worker's test database is a copy of the run's base database


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_keepdb, django_db_createdb, django_db_modify_db_settings):
    """Under pytest-xdist each worker's test database is a copy of the run's base database,
    migrated and loaded once (tests/browser/conftest.py: base_database), instead of every
    worker running all migrations: pytest-django then keeps the database it finds (its migrate
    has nothing left to do) and `worker_test_database` drops it when the worker ends. Without
    workers, or with --reuse-db/--create-db, pytest-django makes the test database itself."""
    if not hasattr(request.config, "workerinput") or django_db_keepdb or django_db_createdb:
        yield django_db_keepdb
        return
    from django.db import connection

    from tests.browser.conftest import worker_test_database

    with worker_test_database(connection):
        _FROM_BASE.append(True)
        yield True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Västra Götaland once into the test database (the base database has it already);
    each test rolls back its own changes."""
    if _FROM_BASE:
        return
    with django_db_blocker.unblock():
        reference_data_load(data=reference_data_file("vastra_gotaland"))
        agreement_registry_load(data=agreement_registry_file("vastra_gotaland"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Attachments (issue 18) are written under a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reference_data(db):
    """Västra Götaland as shipped: the region, 49 municipalities, providers, areas."""


@pytest.fixture
def boras(reference_data):
    return CareProvider.objects.get(name="Borås Stad")


@pytest.fixture
def sas(reference_data):
    """Södra Älvsborgs Sjukhus, a VGR hospital: Borås's usual counterpart."""
    return CareProvider.objects.get(name="Södra Älvsborgs Sjukhus")


@pytest.fixture
def skovde(reference_data):
    """An unrelated provider: neither reporter nor counterpart in the usual cases."""
    return CareProvider.objects.get(name="Skövde kommun")


@pytest.fixture
def make_person(db):
    """make_person(provider, role, *more_pairs) -> a user with those roles."""
    from samsyn.parties.tests.factories import person

    return person


@pytest.fixture
def personas(boras, sas, skovde, make_person):
    """Named people: own provider's reporter and handler, counterpart handler, outsider, analyst."""
    koncern = CareProvider.objects.get(name="Koncernkontoret")
    return {
        "reporter": make_person(boras, Role.REPORTER, username="reporter"),
        "handler": make_person(boras, Role.HANDLER, username="handler"),
        "counterpart_handler": make_person(sas, Role.HANDLER, username="counterpart"),
        "outsider": make_person(skovde, Role.HANDLER, username="outsider"),
        "analyst": make_person(koncern, Role.COUNTY_ANALYST, username="analyst"),
        "county_admin": make_person(koncern, Role.COUNTY_ADMINISTRATOR, username="countyadmin"),
    }


@pytest.fixture
def document(reference_data):
    """A routine in force between every provider in the county since 2020."""
    from samsyn.deviations.tests.factories import document_make

    return document_make()


@pytest.fixture
def case_in(personas, boras, sas, document):
    """case_in(status) -> a Borås → SÄS case brought to that status."""
    from samsyn.deviations.tests.factories import deviation_in

    def make(status):
        return deviation_in(
            status,
            reporter=personas["reporter"],
            handler=personas["counterpart_handler"],
            reporting_provider=boras,
            counterpart_provider=sas,
            document=document,
        )

    return make


@pytest.fixture
def varmland(reference_data):
    """A second county beside Västra Götaland: Värmland with its region, a sub-region, one
    municipality and a care provider of each (for "another county" tests)."""
    county = County.objects.create(code="17", name="Värmlands län")
    sub_region = SubRegion.objects.create(county=county, name="Region Värmlands kommuner")
    region = Party.objects.create(
        county=county, kind=Party.Kind.REGION, name="Region Värmland", code="17"
    )
    karlstad = Party.objects.create(
        county=county,
        kind=Party.Kind.MUNICIPALITY,
        name="Karlstad",
        code="1780",
        sub_region=sub_region,
    )
    return {
        "county": county,
        "region": region,
        "municipality": karlstad,
        "hospital": CareProvider.objects.create(
            party=region, kind=CareProvider.Kind.REGIONAL, name="Centralsjukhuset Karlstad"
        ),
        "municipal_provider": CareProvider.objects.create(
            party=karlstad, kind=CareProvider.Kind.MUNICIPAL, name="Karlstads kommun"
        ),
    }


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    """`with delivered():` runs the block as if it committed (its on-commit callbacks), then
    sends what it wrote to the outbox as the delivery loop does once the commit wakes it
    (`deliver_outbox --loop`; decision "outbox worker"): the one way a test sees the e-mails and
    webhooks a change sends."""
    from unittest import mock

    from samsyn.outbox import services, webhooks
    from samsyn.outbox.models import OutboxMessage
    from samsyn.outbox.services import outbox_deliver_due

    @contextlib.contextmanager
    def committed_and_delivered():
        before = OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with contextlib.ExitStack() as stack:
            wakes = [
                stack.enter_context(
                    mock.patch.object(module, "outbox_wake", wraps=module.outbox_wake)
                )
                for module in (services, webhooks)
            ]
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                yield callbacks
        # A change that writes messages without waking the loop would wait for its next look.
        if OutboxMessage.objects.filter(id__gt=before).exists():
            assert any(wake.called for wake in wakes), (
                "the change wrote to the outbox without waking the delivery loop"
            )
        outbox_deliver_due()

    return committed_and_delivered
