"""The audit trail and read log in the admin: to look at, never to add, change or delete."""

from django.contrib import admin
from django.db import models

from samsyn.audit.models import AuditEvent, ReadEvent
from samsyn.audit.services import audit_changes, audit_record


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(_ReadOnlyAdmin):
    list_display = ["id", "at", "action", "object_type", "object_id", "username", "provider_name"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id", "action"]
    date_hierarchy = "at"


@admin.register(ReadEvent)
class ReadEventAdmin(_ReadOnlyAdmin):
    list_display = ["at", "username", "provider_name", "channel", "object_type", "object_id"]
    list_filter = ["channel", "object_type"]
    search_fields = ["username", "object_id", "provider_name"]
    date_hierarchy = "at"


# --- Changes made in the admin go into the trail too (every create and change) ------

_NOT_RECORDED = {"password", "last_login"}
# Shown only as "changed": the trail is never purged, so it keeps no free text and no
# personal details of staff beyond the username (docs/security.md).
_HIDDEN = {"first_name", "last_name", "email"}


def _snapshot(obj) -> tuple[dict, list[str]]:
    """The object's own columns as raw values, and which of them are free text (hidden)."""
    values, free_text = {}, []
    for field in obj._meta.concrete_fields:
        if field.attname in _NOT_RECORDED:
            continue
        value = field.value_from_object(obj)
        values[field.attname] = (
            value if isinstance(value, (int, float, bool, type(None))) else str(value)
        )
        if isinstance(field, models.TextField) or field.attname in _HIDDEN:
            free_text.append(field.attname)
    return values, free_text


def admin_change_record(*, request, obj, verb: str, before: dict | None = None) -> None:
    """Record one admin create/change/delete as `admin.<app>.<model>.<verb>`."""
    after, free_text = _snapshot(obj)
    if verb == "deleted":
        data = {"before": {k: v for k, v in after.items() if k not in free_text}}
    else:
        data = audit_changes(before=before or {}, after=after, free_text=free_text)
        if verb == "changed" and not data["after"]:
            return  # saved without a change
    audit_record(
        actor=getattr(request, "actor", request.user),
        action=f"admin.{obj._meta.label_lower}.{verb}",
        target=obj,
        data=data,
    )


class AuditedAdminMixin:
    """ModelAdmin mixin: saves, deletions, many-to-many changes (area members) and inline rows
    (units, sections) are recorded in the audit trail, inside the admin's transaction."""

    def save_model(self, request, obj, form, change):
        before = _snapshot(type(obj)._base_manager.get(pk=obj.pk))[0] if change else {}
        super().save_model(request, obj, form, change)
        admin_change_record(
            request=request, obj=obj, verb="changed" if change else "created", before=before
        )

    def delete_model(self, request, obj):
        admin_change_record(request=request, obj=obj, verb="deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            admin_change_record(request=request, obj=obj, verb="deleted")
        super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        m2m = [f.name for f in obj._meta.many_to_many if f.name in form.cleaned_data]
        before = {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m}
        super().save_related(request, form, formsets, change)
        after = {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m}
        if before != after:
            audit_record(
                actor=getattr(request, "actor", request.user),
                action=f"admin.{obj._meta.label_lower}.changed",
                target=obj,
                data=audit_changes(before=before, after=after),
            )

    def save_formset(self, request, form, formset, change):
        model = formset.model
        befores = {
            f.instance.pk: _snapshot(model._base_manager.get(pk=f.instance.pk))[0]
            for f in formset.forms
            if f.instance.pk and f.has_changed()
        }
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:  # recorded while the row still has its id
                admin_change_record(
                    request=request,
                    obj=model._base_manager.get(pk=deleted.instance.pk),
                    verb="deleted",
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            admin_change_record(request=request, obj=obj, verb="created")
        for obj, _fields in formset.changed_objects:
            admin_change_record(
                request=request, obj=obj, verb="changed", before=befores.get(obj.pk)
            )
