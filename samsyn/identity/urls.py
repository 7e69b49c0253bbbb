from django.urls import path

from samsyn.identity import views

app_name = "identity"

urlpatterns = [
    path("svar/", views.ProviderCallbackView.as_view(), name="callback"),
    path("<slug:slug>/", views.ProviderLoginView.as_view(), name="start"),
]
