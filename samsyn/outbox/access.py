"""Who sees the outbox: county administrators, for the people of their county; a
principal's administrator, for the webhooks of its providers."""

from samsyn.core.access import Scope, register_permissions
from samsyn.parties.models import Role

register_permissions(
    {
        # What waits to be sent or was given up, and sending it again.
        "outbox.review": {Role.COUNTY_ADMINISTRATOR: Scope.COUNTY},
        # A principal's administrator subscribes its providers' own systems to events on their
        # cases, sees the deliveries and sends them again (issue 21 item 7).
        "outbox.webhooks": {Role.ADMINISTRATOR: Scope.PARTY},
    }
)
