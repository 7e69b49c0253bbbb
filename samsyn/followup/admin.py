"""The deadline for the areas' reflections is the county's data: its administrators set it."""

from django.contrib import admin

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.core.admin import CountyScopedAdminMixin
from samsyn.followup.models import ReflectionDeadline


@admin.register(ReflectionDeadline)
class ReflectionDeadlineAdmin(CountyScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    scope_permission = "parties.edit"
    list_display = ("county", "year", "due_on")
