from samsyn.deviations.models import Deviation, Status


def test_demo_cases_cover_the_lifecycle_and_load_once(reference_data):
    from samsyn.deviations.demo import demo_load
    from samsyn.parties.demo import demo_load as people_load

    people_load()
    demo_load()
    count = Deviation.objects.count()
    demo_load()
    assert Deviation.objects.count() == count >= 25
    statuses = set(Deviation.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Status} - {Status.REGISTERED}
    # handlaggare.sas has work waiting, some of it late.
    waiting = Deviation.objects.filter(
        counterpart_provider__name="Södra Älvsborgs Sjukhus", status=Status.SENT
    )
    assert waiting.exists() and any(d.is_overdue() for d in waiting)
