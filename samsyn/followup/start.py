"""The follow-up's section on the start page: for those who follow the county or an area
(county analysts, county and sub-regional coordinators), the follow-up is where the day
starts; the parties' own managers have their disagreements first and the menu for this. The
county's readers land on the dashboard, everyone else on the choice of a pair or an area (both
at /uppfoljning/)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.core.access import grant_for
from samsyn.core.selectors import ORDER_OVERVIEW
from samsyn.followup.report import REPORT_PERMISSION


def followup_start_section(actor) -> list[dict]:
    grant = grant_for(actor, "followup.pair_view")
    if not (grant.county_ids or grant.area_ids):
        return []
    if grant_for(actor, REPORT_PERMISSION).county_ids:  # the dashboard (issue 20 item 4)
        text = _(
            "The county's figures by year, quarter, sub-region, area, care provider and "
            "category, with the trend over the years and the cases behind each figure."
        )
    else:
        text = _(
            "Figures on the deviations, measures, disagreements and economic agreements "
            "between the region and each municipality and cooperation area."
        )
    return [
        {
            "title": _("Follow-up"),
            "text": text,
            "primary": (_("Open the follow-up"), reverse("followup:index")),
            "order": ORDER_OVERVIEW - 5,
        }
    ]
