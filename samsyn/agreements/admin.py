"""Admin for titles, owners and sections. Versions, decisions and terminations are changed on the
registry's own pages, through the services (overlap rule, notice arithmetic, audit trail)."""

from django.contrib import admin

from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)
from samsyn.audit.admin import AuditedAdminMixin
from samsyn.core.admin import CountyScopedAdminMixin, county_filter


class AgreementsScoped(CountyScopedAdminMixin):
    """Documents, decisions and terminations of the administrator's county only."""

    scope_permission = "agreements.edit"


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentVersionInline(AgreementsScoped, ReadOnlyAdminMixin, admin.TabularInline):
    model = DocumentVersion
    extra = 0


class DocumentSectionInline(AgreementsScoped, admin.TabularInline):
    model = DocumentSection
    extra = 0


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(AgreementsScoped, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "code", "kind", "parent", "owner"]
    list_filter = ["kind", county_filter("county")]
    search_fields = ["title", "code"]
    inlines = [DocumentVersionInline, DocumentSectionInline]


@admin.register(AdoptionDecision)
class AdoptionDecisionAdmin(AgreementsScoped, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["party", "document", "status", "decision_date", "reference"]
    list_filter = ["status", county_filter("document")]


@admin.register(Termination)
class TerminationAdmin(AgreementsScoped, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["party", "document", "notified_on", "ends_on"]
