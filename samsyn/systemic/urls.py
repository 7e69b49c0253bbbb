from django.urls import path

from samsyn.systemic import views

app_name = "systemic"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("nytt/", views.issue_edit, name="create"),
    path("<int:pk>/", views.issue_detail, name="detail"),
    path("<int:pk>/andra/", views.issue_edit, name="edit"),
    path("<int:pk>/lyft/", views.issue_lift, name="lift"),
]
