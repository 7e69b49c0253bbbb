from django import template

from samsyn.audit.display import action_label, data_rows
from samsyn.audit.selectors import audit_events_for

register = template.Library()


@register.simple_tag
def audit_history_rows(target):
    """The object's history for `audit/_history.html`, oldest first, with display labels."""
    return [
        {"event": e, "label": action_label(e.action), "data": data_rows(e.data, type(target))}
        for e in audit_events_for(target=target).select_related(None)
    ]
