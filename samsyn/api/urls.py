from django.contrib.auth.decorators import login_not_required
from django.urls import path

from samsyn.api import views
from samsyn.api.v1 import api

# The API answers for itself (401 as problem+json), never with a redirect to the login page.
_patterns, _app, _namespace = api.urls
for pattern in _patterns:
    pattern.callback = login_not_required(pattern.callback)

urlpatterns = [
    path("api/v1/", (_patterns, _app, _namespace)),
    path("api-nycklar/", views.tokens, name="api_tokens"),
    path("api-nycklar/<int:token_id>/aterkalla/", views.token_revoke, name="api_token_revoke"),
]
