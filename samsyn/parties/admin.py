"""The county's registry and its people in the Django admin, for superusers (county and party
administrators work on /personer/). People and roles change only through parties.services:
the admin never saves a person or a role itself, never sets a password and never shows the
superuser, staff, group or permission flags as editable."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.admin import AuditedAdminMixin
from samsyn.parties import services
from samsyn.parties.models import (
    CareProvider,
    CareUnit,
    CooperationArea,
    County,
    Membership,
    Party,
    Population,
    Role,
    SubRegion,
)
from samsyn.parties.selectors import people_managed_by, providers_managed_by, roles_grantable_by

# --- the registry: parties, providers, units, areas ------------------------------------------


class RegistryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


class CareUnitInline(admin.TabularInline):
    model = CareUnit
    extra = 0


@admin.register(CareProvider)
class CareProviderAdmin(RegistryAdmin):
    list_display = ["name", "kind", "party", "is_active"]
    list_filter = ["kind", "is_active", "party__kind"]
    search_fields = ["name", "party__name"]
    inlines = [CareUnitInline]


@admin.register(Party)
class PartyAdmin(RegistryAdmin):
    list_display = ["name", "code", "kind", "sub_region"]
    list_filter = ["kind", "sub_region"]
    search_fields = ["name", "code"]


@admin.register(CooperationArea)
class CooperationAreaAdmin(RegistryAdmin):
    list_display = ["name", "county", "member_count"]
    filter_horizontal = ["members"]

    @admin.display(description=_("number of municipalities"))
    def member_count(self, obj):
        return obj.members.count()


admin.site.register(County, RegistryAdmin)
admin.site.register(SubRegion, RegistryAdmin)
admin.site.register(Population, RegistryAdmin)


# --- people and their roles -------------------------------------------------------------------

DELETE_AND_ADD_SAME_ROLE = _(
    "You are removing and adding the same role at the same care provider. Change the existing "
    "row instead."
)


class MembershipFormSet(BaseInlineFormSet):
    """Checks what the services will check, so that a refusal is an error on the form."""

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
            raise ValidationError(services.USER_NEEDS_PROVIDER)
        deleted = {
            (f.instance.provider_id, f.instance.role) for f in self.deleted_forms if f.instance.pk
        }
        for form in kept:
            if not form.has_changed():  # unchanged, or shown read-only (one's own roles)
                continue
            provider, role = form.cleaned_data["provider"], form.cleaned_data.get("role")
            unit = form.cleaned_data.get("unit")
            if unit and unit.provider_id != provider.pk:
                form.add_error("unit", services.UNIT_NOT_OF_PROVIDER)
            if role and role not in roles_grantable_by(self.actor, provider=provider):
                form.add_error("role", services.ROLE_NOT_YOURS)
            if not form.instance.pk and (provider.pk, role) in deleted:
                form.add_error(None, DELETE_AND_ADD_SAME_ROLE)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fields = ["provider", "unit", "role"]
    extra = 1
    autocomplete_fields = ["provider"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.actor
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "provider":
            kwargs["queryset"] = providers_managed_by(request.actor)
        elif db_field.name == "unit":
            kwargs["queryset"] = CareUnit.objects.filter(
                provider__in=providers_managed_by(request.actor)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Nobody changes their own roles: on one's own page they are shown, not editable.
    def _own(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._own(request, obj)


User = get_user_model()


class PersonAddForm(forms.ModelForm):
    """A new person and their first role; they choose their password through an e-mailed link."""

    provider = forms.ModelChoiceField(
        queryset=CareProvider.objects.none(), label=_("Care provider")
    )
    unit = forms.ModelChoiceField(queryset=CareUnit.objects.none(), required=False, label=_("Unit"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        providers = providers_managed_by(self.actor)
        self.fields["provider"].queryset = providers
        self.fields["unit"].queryset = CareUnit.objects.filter(provider__in=providers)
        self.fields["email"].required = True

    def clean(self):
        data = super().clean()
        provider, unit, role = data.get("provider"), data.get("unit"), data.get("role")
        if provider and unit and unit.provider_id != provider.pk:
            self.add_error("unit", services.UNIT_NOT_OF_PROVIDER)
        if provider and role and role not in roles_grantable_by(self.actor, provider=provider):
            self.add_error("role", services.ROLE_NOT_YOURS)
        return data


class PersonChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "is_active"]

    def clean_is_active(self):
        is_active = self.cleaned_data["is_active"]
        if not is_active and self.instance.pk == self.actor.user.pk:
            raise ValidationError(services.OWN_DEACTIVATION_REFUSED)
        return is_active


admin.site.unregister(User)
# Samsyn's roles are memberships; Django's groups and per-user permissions are not used.
admin.site.unregister(Group)


@admin.register(User)
class PersonAdmin(admin.ModelAdmin):
    form = PersonChangeForm
    add_form = PersonAddForm
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    actions = ["send_password_link"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Personal details"), {"fields": ["first_name", "last_name", "email"]}),
        (
            _("Status"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"],
                "description": _(
                    "The person chooses their own password through a link sent to the e-mail "
                    "address above (the action ”Send a link to choose a password” in the list). "
                    "Access to the administration follows the role County administrator."
                ),
            },
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "provider",
                    "unit",
                    "role",
                ],
                "description": _(
                    "The person gets an e-mail with a link to choose their password. Add more "
                    "roles once the person is saved."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return people_managed_by(request.actor)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["username", "is_staff", "is_superuser", "last_login", "date_joined"]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.actor
        return form

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the trail keeps naming people

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            person = services.person_create(
                actor=request.actor,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                provider=data["provider"],
                unit=data.get("unit"),
                role=data["role"],
            )
            obj.pk, obj._state.adding = person.pk, False  # the admin's message and redirect
            return
        person = User.objects.get(pk=obj.pk)
        services.person_update(actor=request.actor, person=person, data=data)
        if "is_active" in form.changed_data:
            change_activity = (
                services.person_reactivate if data["is_active"] else services.person_deactivate
            )
            change_activity(actor=request.actor, person=person)

    def save_formset(self, request, form, formset, change):
        """Roles through the services: grants, then revocations, then changes (so that a
        changed row may take the place of a revoked one)."""
        formset.save(commit=False)
        actor, person = request.actor, User.objects.get(pk=form.instance.pk)
        for new in formset.new_objects:
            services.membership_grant(
                actor=actor, user=person, provider=new.provider, role=new.role, unit=new.unit
            )
        for gone in formset.deleted_objects:
            services.membership_revoke(actor=actor, membership=Membership.objects.get(pk=gone.pk))
        for changed, _fields in formset.changed_objects:
            services.membership_update(
                actor=actor,
                membership=Membership.objects.get(pk=changed.pk),
                provider=changed.provider,
                role=changed.role,
                unit=changed.unit,
            )

    @admin.action(description=_("Send a link to choose a password"), permissions=["change"])
    def send_password_link(self, request, queryset):
        sent = 0
        for person in queryset:
            try:
                services.password_link_send(actor=request.actor, person=person)
            except (ValidationError, PermissionDenied) as exc:
                reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                self.message_user(
                    request,
                    gettext("{username}: {reasons}").format(
                        username=person.username, reasons=" ".join(reasons)
                    ),
                    messages.ERROR,
                )
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A link to choose a password was sent to {n} person.",
                    "A link to choose a password was sent to {n} people.",
                    sent,
                ).format(n=sent),
                messages.SUCCESS,
            )
