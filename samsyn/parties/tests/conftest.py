import pytest

from samsyn.parties.models import CareProvider, Role


@pytest.fixture
def admins(personas, varmland, make_person):
    """The Västra Götaland county administrator (the target) and two would-be attackers."""
    return {
        "target": personas["county_admin"],
        "other_county": make_person(
            varmland["hospital"], Role.COUNTY_ADMINISTRATOR, username="lansadmin.varmland"
        ),
        "same_county": make_person(
            CareProvider.objects.get(name="Närhälsan"),
            Role.COUNTY_ADMINISTRATOR,
            username="lansadmin2",
        ),
    }


@pytest.fixture
def root(db):
    """A superuser: the only one the Django admin lets in (issue 23 item 4)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.se", "x-9-long-pass")
