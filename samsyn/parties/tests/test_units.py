"""Units (issue 17): the region's vårdcentraler as reference data, kept by administrators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samsyn.core.access import actor_for
from samsyn.parties.models import CareProvider, CareUnit, Role
from samsyn.parties.services import reference_data_file, reference_data_load, unit_save


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


def test_a_partys_administrator_keeps_its_units_and_no_one_elses(
    reference_data, make_person, boras, skovde
):
    admin = actor_for(make_person(boras, Role.ADMINISTRATOR))
    unit = unit_save(actor=admin, provider=boras, name="Hemtjänst Norr", kind="home_care")
    unit_save(actor=admin, provider=boras, name="Hemtjänst Norr-Öst", kind="home_care", unit=unit)
    assert CareUnit.objects.get(pk=unit.pk).name == "Hemtjänst Norr-Öst"
    with pytest.raises(PermissionDenied):
        unit_save(actor=admin, provider=skovde, name="Hemsjukvården", kind="home_care")
    with pytest.raises(ValidationError):
        unit_save(actor=admin, provider=boras, name="", kind="home_care")
