from django.urls import path

from samsyn.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.messages_page, name="messages"),
    path("<int:pk>/skicka-igen/", views.message_retry, name="retry"),
]
