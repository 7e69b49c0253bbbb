"""The registry in the Django admin, for superusers. County administrators keep documents,
sections, versions, decisions and terminations on the registry's own pages, through the
services (overlap rule, notice arithmetic, audit trail)."""

from django.contrib import admin

from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)
from samsyn.audit.admin import AuditedAdminMixin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DocumentVersion
    extra = 0


class DocumentSectionInline(admin.TabularInline):
    model = DocumentSection
    extra = 0


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "code", "kind", "parent", "owner"]
    list_filter = ["kind", "county"]
    search_fields = ["title", "code"]
    inlines = [DocumentVersionInline, DocumentSectionInline]


@admin.register(AdoptionDecision)
class AdoptionDecisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["party", "document", "status", "decision_date", "reference"]
    list_filter = ["status", "document"]


@admin.register(Termination)
class TerminationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["party", "document", "notified_on", "ends_on"]
