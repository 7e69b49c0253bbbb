from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.parties.models import (
    CareProvider,
    CareUnit,
    CooperationArea,
    County,
    Membership,
    Party,
    SubRegion,
)
from samsyn.parties.services import UNIT_NOT_OF_PROVIDER, USER_NEEDS_PROVIDER, user_sync_staff_flag


class CareUnitInline(admin.TabularInline):
    model = CareUnit
    extra = 0


@admin.register(CareProvider)
class CareProviderAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "party", "is_active"]
    list_filter = ["kind", "is_active", "party__kind"]
    search_fields = ["name", "party__name"]
    inlines = [CareUnitInline]


@admin.register(Party)
class PartyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "sub_region"]
    list_filter = ["kind", "sub_region"]
    search_fields = ["name", "code"]


@admin.register(CooperationArea)
class CooperationAreaAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "county", "member_count"]
    filter_horizontal = ["members"]

    @admin.display(description="antal kommuner")
    def member_count(self, obj):
        return obj.members.count()


class _AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


admin.site.register(County, _AuditedAdmin)
admin.site.register(SubRegion, _AuditedAdmin)


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            f
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("provider")
        ]
        if not kept and not self.instance.is_superuser:
            raise ValidationError(USER_NEEDS_PROVIDER)
        for form in kept:
            unit = form.cleaned_data.get("unit")
            if unit and unit.provider_id != form.cleaned_data["provider"].pk:
                form.add_error("unit", UNIT_NOT_OF_PROVIDER)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 1
    autocomplete_fields = ["provider"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SamsynUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]

    def get_inlines(self, request, obj):
        # Memberships are added on the second page, after the password is set.
        return self.inlines if obj else []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_sync_staff_flag(user=form.instance)
