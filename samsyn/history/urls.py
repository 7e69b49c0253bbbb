from django.urls import path

from samsyn.history import views

app_name = "history"
urlpatterns = [
    path("", views.import_page, name="import"),
    path("korningar/<int:pk>/", views.run_page, name="run"),
    path("korningar/<int:pk>/importera/", views.run_import, name="run_import"),
    path("korningar/<int:pk>/framsteg/", views.run_progress, name="run_progress"),
    path("export/", views.export, name="export"),
]
