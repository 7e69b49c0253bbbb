from django.urls import path

from samsyn.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("aviseringar/", views.notifications, name="notifications"),
    path("om/", views.about, name="about"),
    # The statements the law asks for, readable without signing in (linked from every footer).
    path("tillganglighet/", views.statement, {"slug": "tillganglighet"}, name="accessibility"),
    path("personuppgifter/", views.statement, {"slug": "personuppgifter"}, name="privacy"),
    path(
        "tillganglighet/andra/",
        views.statement_edit,
        {"slug": "tillganglighet"},
        name="accessibility_edit",
    ),
    path(
        "personuppgifter/andra/",
        views.statement_edit,
        {"slug": "personuppgifter"},
        name="privacy_edit",
    ),
]
