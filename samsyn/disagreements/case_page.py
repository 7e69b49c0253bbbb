"""The disagreement box on a deviation's page: linked cases and the way to open one (registered
in DisagreementsConfig.ready() with core's case_page_related_register)."""

from django.template.loader import render_to_string

from samsyn.core.access import can
from samsyn.disagreements.from_deviation import offered_form
from samsyn.disagreements.selectors import disagreements_visible_to


def disagreements_for_deviation(request, deviation) -> str:
    actor = request.actor
    return render_to_string(
        "disagreements/_for_deviation.html",
        {
            "deviation": deviation,
            "linked": disagreements_visible_to(actor).filter(deviations=deviation),
            # The parties' managers take a deviation up as a disagreement (the addendum
            # presentation, #HoSavtal2027, step 1).
            "can_open": can(actor, "disagreements.handle", deviation),
            # A disputed or questioned case: one step to step 1 with both accounts (issue 17).
            "from_deviation_form": offered_form(actor, deviation),
        },
        request=request,
    )
