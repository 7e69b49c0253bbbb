from django.contrib import admin

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.disagreements.models import Category


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """County administrators keep the categories; cases are handled in the app, not here."""

    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
