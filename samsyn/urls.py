from django.contrib import admin
from django.urls import include, path

from samsyn.core import views as core_views
from samsyn.identity import mapping_views
from samsyn.identity import views as identity_views
from samsyn.parties import views as parties_views

# A database that does not answer is a 503 with Retry-After, not a 500 (issue 22).
handler500 = "samsyn.core.views.server_error"
handler400 = "samsyn.core.views.bad_request"

urlpatterns = [
    # For load balancers and monitors: database reachable, migrations applied (no login, no data).
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("samsyn.core.urls")),
    path("logga-in/", core_views.SamsynLoginView.as_view(), name="login"),
    path("logga-in/oidc/", include("samsyn.identity.urls")),
    path("logga-ut/", identity_views.logout, name="logout"),
    # One-time links to choose a password (sent by parties.services.password_link_send).
    path("losenord/klart/", parties_views.PasswordSetDoneView.as_view(), name="password_set_done"),
    path(
        "losenord/<uidb64>/<token>/", parties_views.PasswordSetView.as_view(), name="password_set"
    ),
    path("avtal/", include("samsyn.agreements.urls")),
    path("avvikelser/", include("samsyn.deviations.urls")),
    path("oenighet/", include("samsyn.disagreements.urls")),
    path("uppfoljning/", include("samsyn.followup.urls")),
    path("systemfel/", include("samsyn.systemic.urls")),
    path("bilagor/", include("samsyn.attachments.urls")),
    path("logg/", include("samsyn.audit.urls")),
    path("utskick/", include("samsyn.outbox.urls")),
    path("historik/", include("samsyn.history.urls")),
    path("personer/", include("samsyn.parties.urls")),
    # Which assignment gives which role (identity providers whose roles come from the claims).
    path("rollkopplingar/", mapping_views.mappings, name="identity_mappings"),
    path(
        "rollkopplingar/<int:mapping_id>/ta-bort/",
        mapping_views.mapping_remove,
        name="identity_mapping_remove",
    ),
    path("", include("samsyn.api.urls")),
    # For superusers only (samsyn/core/admin_site.py); administrators work on the app's pages.
    path("admin/", admin.site.urls),
]
