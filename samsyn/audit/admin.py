"""The audit trail and read log in the admin: to look at, never to add, change or delete."""

from django.contrib import admin

from samsyn.audit.models import AuditEvent, ReadEvent


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(_ReadOnlyAdmin):
    list_display = ["id", "at", "action", "object_type", "object_id", "username", "provider_name"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id", "action"]
    date_hierarchy = "at"


@admin.register(ReadEvent)
class ReadEventAdmin(_ReadOnlyAdmin):
    list_display = ["at", "username", "provider_name", "channel", "object_type", "object_id"]
    list_filter = ["channel", "object_type"]
    search_fields = ["username", "object_id", "provider_name"]
    date_hierarchy = "at"
