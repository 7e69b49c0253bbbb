"""The county's follow-up data its administrators keep: the deadline for the areas' reflections
and the indicators (issue 20 item 6)."""

from django.contrib import admin

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.followup.models import Indicator, ReflectionDeadline


@admin.register(ReflectionDeadline)
class ReflectionDeadlineAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("county", "year", "due_on")


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "measure", "target", "direction", "is_active", "order")
    list_filter = ("is_active", "measure")
