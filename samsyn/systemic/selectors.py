"""Reads for systemic issues: the same rule for a list and one issue (core/access.py)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samsyn.core.access import grant_for
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.systemic.models import SystemicIssue


def systemic_issues_visible_to(actor) -> QuerySet[SystemicIssue]:
    grant = grant_for(actor, "systemic.view")
    if not grant:
        return SystemicIssue.objects.none()
    q = Q(county__in=grant.county_ids) | Q(area__in=grant.area_ids)
    if grant.party_ids:
        q |= Q(deviations__reporting_provider__party__in=grant.party_ids)
        q |= Q(deviations__counterpart_provider__party__in=grant.party_ids)
    ids = SystemicIssue.objects.filter(q).values("pk")
    return SystemicIssue.objects.filter(pk__in=ids).select_related("owner", "area", "disagreement")


def systemic_issue_get_for(actor, pk) -> SystemicIssue:
    try:
        return systemic_issues_visible_to(actor).get(pk=pk)
    except (SystemicIssue.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("The systemic issue does not exist or you do not have access to it.")
        ) from exc


def groupable_deviations(actor):
    """The cases a coordinator may group: those they see (lifted to their level)."""
    return deviations_visible_to(actor).order_by("-created_at")


def possible_owners(county_ids):
    """People with a role in the county: an issue's owner is one of them."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__provider__party__county__in=county_ids)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
