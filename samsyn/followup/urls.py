from django.urls import path

from samsyn.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.pairs, name="pairs"),
    path("kommun/<str:code>/", views.pair, name="pair"),
    path("omrade/<int:pk>/", views.area, name="area"),
]
