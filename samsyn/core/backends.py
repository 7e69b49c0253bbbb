"""Django admin permissions follow Samsyn roles: county administrators manage the registry."""

from django.contrib.auth.backends import BaseBackend

from samsyn.parties.models import Role

# The apps whose models a county administrator maintains in the Django admin.
COUNTY_ADMIN_APPS = {"auth", "parties", "agreements", "deviations", "disagreements", "axes"}


class RoleBackend(BaseBackend):
    """Grants model permissions from the county administrator role (no per-user permission rows)."""

    def _is_county_admin(self, user) -> bool:
        if not getattr(user, "is_active", False) or not getattr(user, "pk", None):
            return False
        if not hasattr(user, "_samsyn_county_admin"):
            user._samsyn_county_admin = user.memberships.filter(
                role=Role.COUNTY_ADMINISTRATOR
            ).exists()
        return user._samsyn_county_admin

    def has_perm(self, user_obj, perm, obj=None):
        app_label = perm.split(".", 1)[0]
        return app_label in COUNTY_ADMIN_APPS and self._is_county_admin(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return app_label in COUNTY_ADMIN_APPS and self._is_county_admin(user_obj)
