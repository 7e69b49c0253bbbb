"""What the county administrator sees of the history: the profiles and runs of the county."""

from django.db.models import QuerySet

from samsyn.core.access import grant_for
from samsyn.history.models import ImportProfile, ImportRun

PERMISSION = "deviations.import_history"


def import_profiles_for(actor) -> QuerySet[ImportProfile]:
    grant = grant_for(actor, PERMISSION)
    return ImportProfile.objects.filter(county_id__in=grant.county_ids)


def import_runs_for(actor) -> QuerySet[ImportRun]:
    grant = grant_for(actor, PERMISSION)
    return ImportRun.objects.filter(profile__county_id__in=grant.county_ids).select_related(
        "profile", "started_by"
    )
