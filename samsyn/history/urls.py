from django.urls import path

from samsyn.history import profile_views, views

app_name = "history"
urlpatterns = [
    path("", views.import_page, name="import"),
    path("korningar/<int:pk>/", views.run_page, name="run"),
    path("korningar/<int:pk>/importera/", views.run_import, name="run_import"),
    path("korningar/<int:pk>/framsteg/", views.run_progress, name="run_progress"),
    path("export/", views.export, name="export"),
    path("profiler/ny/", profile_views.profile_create, name="profile_create"),
    path("profiler/<int:pk>/", profile_views.profile, name="profile"),
    path(
        "profiler/<int:pk>/varden/<int:value_id>/ta-bort/",
        profile_views.value_remove,
        name="value_remove",
    ),
]
