from django.urls import path

from samsyn.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("aviseringar/", views.notifications, name="notifications"),
    path("om/", views.about, name="about"),
]
