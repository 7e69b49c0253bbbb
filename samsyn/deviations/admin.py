"""County administrators maintain the classification here (the 2024 report on deviations in
cooperation: addable by administrators).

Values are retired (unticked "kan väljas") rather than deleted: old cases keep them.
"""

from django.contrib import admin

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.deviations.models import Category, Cause, OrganisationConsequence, PatientConsequence


class ClassificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "is_other", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active", "is_other"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # retire instead: deleting would break old cases


admin.site.register(Category, ClassificationAdmin)
admin.site.register(Cause, ClassificationAdmin)
admin.site.register(OrganisationConsequence, ClassificationAdmin)


@admin.register(PatientConsequence)
class PatientConsequenceAdmin(ClassificationAdmin):
    list_display = ["name", "severity", "is_other", "is_active", "order"]
