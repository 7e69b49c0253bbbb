import pytest

from samsyn.core.access import actor_for
from samsyn.history.models import ImportProfile
from samsyn.parties.models import County

SAMPLES = __import__("pathlib").Path(__file__).resolve().parents[3] / "docs" / "samples"


@pytest.fixture
def admin_actor(personas):
    return actor_for(personas["county_admin"])


@pytest.fixture
def profile(reference_data):
    county = County.objects.get(name__icontains="Västra Götaland")
    return ImportProfile.objects.create(county=county, name="MedControl PRO")


@pytest.fixture
def medcontrol_profile(profile):
    """The mapping of MedControl PRO's own export (docs/samples/medcontrol-pro-exempel.csv)."""
    from samsyn.history.demo import medcontrol_profile_load

    return medcontrol_profile_load(county=profile.county)


@pytest.fixture
def sample():
    """sample(name) -> the bytes of a file of docs/samples."""
    return lambda name: (SAMPLES / name).read_bytes()
