"""The follow-up's section on the start page: for those who follow the county or an area
(county analysts, county and sub-regional coordinators), the follow-up is where the day
starts; the parties' own managers have their disagreements first and the menu for this."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.core.access import grant_for
from samsyn.core.selectors import ORDER_OVERVIEW


def followup_start_section(actor) -> list[dict]:
    grant = grant_for(actor, "followup.pair_view")
    if not (grant.county_ids or grant.area_ids):
        return []
    url = reverse("followup:pairs")
    return [
        {
            "title": _("Follow-up"),
            "text": _(
                "Figures on the deviations, measures, disagreements and economic agreements "
                "between the region and each municipality and cooperation area."
            ),
            "primary": (_("Open the follow-up"), url),
            "order": ORDER_OVERVIEW - 5,
        }
    ]
