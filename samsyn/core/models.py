from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message in a person's inbox; the e-mail copy is sent after the change commits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    subject = models.CharField("ämne", max_length=200)
    body = models.TextField("text", blank=True)
    url = models.CharField("länk", max_length=300, blank=True)
    read_at = models.DateTimeField("läst", null=True, blank=True)
    emailed_at = models.DateTimeField("e-post skickad", null=True, blank=True)

    class Meta:
        verbose_name = "avisering"
        verbose_name_plural = "aviseringar"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self):
        return self.subject
