"""Units (issue 17): the region's vårdcentraler as reference data, kept by administrators."""

from samsyn.parties.models import CareProvider, CareUnit
from samsyn.parties.services import reference_data_file, reference_data_load


def test_the_reference_data_has_the_regions_primary_care_as_receivers(reference_data):
    narhalsan = CareProvider.objects.get(name="Närhälsan")
    assert narhalsan.units.filter(kind=CareUnit.Kind.PRIMARY_CARE).count() >= 5
    private = CareProvider.objects.filter(
        kind=CareProvider.Kind.PRIVATE, party__kind="region", units__kind="primary_care"
    )
    assert private.count() >= 3
    count = CareUnit.objects.count()
    reference_data_load(data=reference_data_file("vastra_gotaland"))
    assert CareUnit.objects.count() == count  # loaded once
