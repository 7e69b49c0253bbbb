"""Reads for parties and providers."""

from django.db.models import QuerySet

from samsyn.parties.models import CareProvider, Party


def municipalities(*, county=None) -> QuerySet[Party]:
    qs = Party.objects.filter(kind=Party.Kind.MUNICIPALITY).select_related("sub_region")
    return qs.filter(county=county) if county else qs


def region_of(*, county) -> Party:
    return Party.objects.get(county=county, kind=Party.Kind.REGION)


def providers_active() -> QuerySet[CareProvider]:
    return CareProvider.objects.filter(is_active=True).select_related("party")
