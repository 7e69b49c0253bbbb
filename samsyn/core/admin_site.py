"""The Django admin, for superusers only (issue 23 item 4).

What administrators do (people and roles, the registry, classification, governing documents,
follow-up data, import profiles, login lockouts) has Swedish pages in the app, each through a
service that checks the permission table and writes the trail (docs/security.md). The raw
admin stays for the operator's superusers (made with `createsuperuser`): anyone else who
signs in there, a county administrator included, gets the admin's login page and no model.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SamsynAdminSite(admin.AdminSite):
    site_header = _("Samsyn – administration")
    site_title = "Samsyn"  # the product's name, the same in every language

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_superuser)

    @property
    def login_form(self):
        # The admin's password form follows LOCAL_PASSWORD_LOGIN too (no way around the setting).
        from samsyn.core.views import SamsynAdminAuthenticationForm

        return SamsynAdminAuthenticationForm


class SamsynAdminConfig(AdminConfig):
    """django.contrib.admin with SamsynAdminSite as `admin.site` (in INSTALLED_APPS)."""

    default_site = "samsyn.core.admin_site.SamsynAdminSite"
