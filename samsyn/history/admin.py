"""The county administrator keeps the import profiles here: how an old system's columns and
words map to the history layout (decision "history import mapping")."""

from django.contrib import admin

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.core.admin import CountyScopedAdminMixin
from samsyn.history.models import ColumnMapping, ImportProfile, ValueMapping


class HistoryScoped(CountyScopedAdminMixin):
    scope_permission = "deviations.import_history"


class ColumnMappingInline(HistoryScoped, admin.TabularInline):
    model = ColumnMapping
    extra = 0


class ValueMappingInline(HistoryScoped, admin.TabularInline):
    model = ValueMapping
    extra = 0


@admin.register(ImportProfile)
class ImportProfileAdmin(HistoryScoped, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "county"]
    inlines = [ColumnMappingInline, ValueMappingInline]
