from django.urls import path

from samsyn.audit import views

app_name = "audit"
urlpatterns = [
    path("lasningar/", views.read_log, name="read_log"),
    path("lasningar/csv/", views.read_log_csv, name="read_log_csv"),
    path("handelser/", views.trail, name="trail"),
]
