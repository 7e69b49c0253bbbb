"""Import profiles in the Django admin, for superusers (county administrators keep them on
/historik/profiler/): how an old system's columns and words map to the history layout
(decision "history import mapping")."""

from django.contrib import admin

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.history.models import ColumnMapping, ImportProfile, ValueMapping


class ColumnMappingInline(admin.TabularInline):
    model = ColumnMapping
    extra = 0


class ValueMappingInline(admin.TabularInline):
    model = ValueMapping
    extra = 0


@admin.register(ImportProfile)
class ImportProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "county"]
    inlines = [ColumnMappingInline, ValueMappingInline]
