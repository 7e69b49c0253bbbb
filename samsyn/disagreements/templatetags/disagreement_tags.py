"""The disagreement box on a deviation's page: linked cases and the way to open one."""

from django import template

from samsyn.core.access import can
from samsyn.disagreements.selectors import disagreements_visible_to

register = template.Library()


@register.inclusion_tag("disagreements/_for_deviation.html", takes_context=True)
def disagreements_for_deviation(context, deviation):
    actor = context["request"].actor
    return {
        "deviation": deviation,
        "linked": disagreements_visible_to(actor).filter(deviations=deviation),
        # The parties' managers take a deviation up as a disagreement (the addendum presentation,
        # #HoSavtal2027, step 1).
        "can_open": can(actor, "disagreements.handle", deviation),
    }
