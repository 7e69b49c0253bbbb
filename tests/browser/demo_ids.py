"""Ids of the demo objects the page sweep visits, looked up in the live server's database.

Run by the `demo_ids` fixture as `manage.py shell -c` with the live server's settings, so the
pages in PAGES name objects by what they are ("a Borås Stad case at status analysed") and not
by a primary key that happens to come out of the demo loaders. Prints one JSON object.
"""

import json


def collect() -> dict[str, int]:
    from django.db.models import Q

    from samsyn.deviations.models import Deviation
    from samsyn.disagreements.models import Disagreement, EconomicAgreement, Lesson

    ids: dict[str, int] = {}
    # Deviations reported by Borås Stad against Södra Älvsborgs Sjukhus: rapportor reports,
    # handlaggare.sas handles; chef1.boras may take them up as disagreements.
    # rapportor's own first: a reporter sees her own reports and her unit's (inner secrecy).
    boras_sas = Deviation.objects.filter(
        reporting_provider__name="Borås Stad", counterpart_provider__name="Södra Älvsborgs Sjukhus"
    ).order_by("pk")
    rapportor = boras_sas.filter(reporter__username="rapportor")
    # The analysed case is one still open to measures: the pages' tests add one, and a case
    # decided with a reasoned "no measure" takes none (the generated demo has such among the
    # first).
    open_to_measures = Q(no_measure_reason="") | Q(no_measure_by__isnull=True)
    for status in Deviation._meta.get_field("status").choices:
        wanted = Q(status=status[0]) & (open_to_measures if status[0] == "analysed" else Q())
        first = rapportor.filter(wanted).first() or boras_sas.filter(wanted).first()
        if first:
            ids[f"deviation_{status[0]}"] = first.pk
    # Disagreements of Borås Stad (and so of the region): the demo managers of both sides see
    # them. The county's generated cases involve other municipalities too.
    boras = Disagreement.objects.filter(
        Q(provider_a__name="Borås Stad") | Q(provider_b__name="Borås Stad")
    ).order_by("pk")
    open_ = boras.filter(status=Disagreement.Status.OPEN)
    ids["disagreement_step1"] = open_.filter(current_step=1).first().pk
    ids["disagreement_step2"] = open_.filter(current_step=2).first().pk
    ids["disagreement_dispute"] = boras.filter(is_dispute=True).first().pk
    ids["disagreement_closed"] = (
        boras.filter(status=Disagreement.Status.CLOSED, is_dispute=False).first().pk
    )
    from samsyn.parties.models import CareProvider, CooperationArea, Party

    ids["boras_provider"] = CareProvider.objects.get(name="Borås Stad").pk
    ids["county"] = Party.objects.get(name="Borås Stad").county_id
    from samsyn.history.models import ImportProfile

    ids["import_profile"] = ImportProfile.objects.get(name="MedControl PRO").pk
    ids["area_sodra"] = CooperationArea.objects.get(name="Södra Älvsborg").pk
    ids["sub_region_boras"] = Party.objects.get(name="Borås Stad").sub_region_id
    ids["lesson"] = Lesson.objects.filter(published_at__isnull=False).order_by("pk").first().pk
    from samsyn.systemic.models import SystemicIssue

    systemic = SystemicIssue.objects.order_by("pk").first()
    if systemic:
        ids["systemic_issue"] = systemic.pk
    if EconomicAgreement.objects.exists():
        ids["economic_agreement"] = EconomicAgreement.objects.order_by("pk").first().pk
    return ids


def main() -> None:
    print("DEMO_IDS " + json.dumps(collect()))
