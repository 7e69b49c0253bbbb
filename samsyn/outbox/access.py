"""Who sees the outbox: county administrators, for the people of their county."""

from samsyn.core.access import Scope, register_permissions
from samsyn.parties.models import Role

register_permissions(
    {
        # What waits to be sent or was given up, and sending it again.
        "outbox.review": {Role.COUNTY_ADMINISTRATOR: Scope.COUNTY},
    }
)
