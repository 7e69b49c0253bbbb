"""Who calls the API: a personal token (`Authorization: Bearer samsyn_…`) or the browser's
session (with its CSRF token). Either way the request gets `request.actor` from
`actor_for(user)`, so a token acts with exactly its user's permissions, as they are now."""

from django.conf import settings
from ninja.security import APIKeyCookie, HttpBearer

from samsyn.api.services import api_token_find
from samsyn.core.access import actor_for


def _act_as(request, user, token=None):
    request.user = user
    request.actor = actor_for(user)
    request.api_token = token
    return user


class TokenAuth(HttpBearer):
    """A personal API token; refused when revoked, expired or its user is deactivated."""

    openapi_description = "Personlig API-nyckel: `Authorization: Bearer samsyn_…`."

    def authenticate(self, request, token):
        found = api_token_find(token)
        return _act_as(request, found.user, found) if found else None


class SessionAuth(APIKeyCookie):
    """The signed-in browser: its session cookie, and the CSRF token on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "Inloggad webbläsare (sessionskaka och CSRF-token)."

    def authenticate(self, request, key):
        user = request.user  # the session middleware has read the cookie
        if not (user.is_authenticated and user.is_active):
            return None
        return _act_as(request, user)


API_AUTH = [TokenAuth(), SessionAuth()]


def channel_detail(request) -> str:
    """What the read log says about the door: the token's name, or the session."""
    token = getattr(request, "api_token", None)
    return f"API-nyckel: {token.name}" if token else "session"
