"""Identity providers, their claim mappings and the sign-in identities (the admin is for
superusers only). The client secret is never here: only the name of
the environment variable that holds it."""

from django.contrib import admin

from samsyn.identity.models import ClaimMapping, ExternalIdentity, IdentityProvider


class ClaimMappingInline(admin.TabularInline):
    model = ClaimMapping
    extra = 1
    autocomplete_fields = ["care_provider"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "issuer", "roles_from_claims", "enabled", "order"]
    filter_horizontal = ["parties"]
    inlines = [ClaimMappingInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "enabled", "order"]}),
        (
            "OpenID Connect",
            {"fields": ["issuer", "client_id", "secret_env", "scopes"]},
        ),
        (
            None,
            {
                "fields": [
                    "claim_id",
                    "claim_given_name",
                    "claim_family_name",
                    "claim_email",
                    "claim_assignments",
                    "roles_from_claims",
                    "parties",
                ]
            },
        ),
    ]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Shown, not edited: identities are linked by the invitation and by sign-in."""

    list_display = ["subject", "provider", "user", "created_at", "last_login_at"]
    list_filter = ["provider"]
    search_fields = ["subject", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
