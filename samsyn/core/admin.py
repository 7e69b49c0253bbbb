"""The Django admin limited to the administrator's county.

County administrators reach a model in the admin through `RoleBackend` (core/backends.py),
which asks the permission table; this mixin then limits what they see and choose to the
counties in which they hold the model admin's `scope_permission`: lists, the objects a URL
opens (another county's answers 404), foreign-key and many-to-many choices, and list
filters. Superusers see everything.
"""

from django.contrib import admin
from django.http import Http404

from samsyn.core.access import grant_for, in_counties


def admin_county_ids(request, permission: str) -> set[int] | None:
    """The counties whose rows this person may see in the admin; None: all (superuser)."""
    if request.user.is_superuser:
        return None
    return grant_for(request.actor, permission).county_ids


def admin_scoped(queryset, request, permission: str):
    """`queryset` limited to the person's counties, when its model knows its county."""
    county_ids = admin_county_ids(request, permission)
    model = queryset.model
    if county_ids is None or not hasattr(model, "access_county_lookup"):
        return queryset
    return queryset.filter(in_counties(model, county_ids))


class CountyScopedAdminMixin:
    """For ModelAdmin and inlines: rows and choices of the administrator's county only."""

    # The Samsyn permission (core/access.py) whose county grant scopes this admin.
    scope_permission = ""

    def get_queryset(self, request):
        return admin_scoped(super().get_queryset(request), request, self.scope_permission)

    def get_object(self, request, object_id, from_field=None):
        # Another county's object does not exist for this person: 404, not a redirect that
        # would confirm it exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and hasattr(db_field.related_model, "access_county_lookup"):
            kwargs["queryset"] = admin_scoped(
                db_field.related_model._default_manager.all(), request, self.scope_permission
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and hasattr(db_field.related_model, "access_county_lookup"):
            kwargs["queryset"] = admin_scoped(
                db_field.related_model._default_manager.all(), request, self.scope_permission
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def county_filter(field_name: str):
    """A list filter offering only the related objects that occur in the (scoped) list."""
    return (field_name, admin.RelatedOnlyFieldListFilter)
