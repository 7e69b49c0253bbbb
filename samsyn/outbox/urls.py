from django.urls import path

from samsyn.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.messages_page, name="messages"),
    path("<int:pk>/skicka-igen/", views.message_retry, name="retry"),
    path("webhooks/", views.webhooks_page, name="webhooks"),
    path("webhooks/<int:pk>/avsluta/", views.webhook_deactivate_view, name="webhook_deactivate"),
    path(
        "webhooks/leveranser/<int:pk>/skicka-igen/",
        views.webhook_resend_view,
        name="webhook_resend",
    ),
]
