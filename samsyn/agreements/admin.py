from django.contrib import admin

from samsyn.agreements.models import (
    AdoptionDecision,
    DocumentSection,
    DocumentVersion,
    GoverningDocument,
    Termination,
)


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0


class DocumentSectionInline(admin.TabularInline):
    model = DocumentSection
    extra = 0


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "kind", "parent", "owner"]
    list_filter = ["kind", "county"]
    search_fields = ["title", "code"]
    inlines = [DocumentVersionInline, DocumentSectionInline]


admin.site.register(AdoptionDecision)
admin.site.register(Termination)
