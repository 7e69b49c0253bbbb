"""Who calls the API: a personal token (`Authorization: Bearer samsyn_…`) or the browser's
session (with its CSRF token). Either way the request gets `request.actor` from
`actor_for(user)`, so a token acts with exactly its user's permissions, as they are now."""

import threading

from django.conf import settings
from django.utils.translation import gettext_lazy
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import AuthRateThrottle

from samsyn.api.services import api_rate_count, api_token_find
from samsyn.core.access import actor_for


def _act_as(request, user, token=None):
    request.user = user
    request.actor = actor_for(user)
    request.api_token = token
    return user


class TokenAuth(HttpBearer):
    """A personal API token; refused when revoked, expired or its user is deactivated."""

    openapi_description = gettext_lazy("Personal API token: `Authorization: Bearer samsyn_…`.")

    def authenticate(self, request, token):
        found = api_token_find(token)
        return _act_as(request, found.user, found) if found else None


class SessionAuth(APIKeyCookie):
    """The signed-in browser: its session cookie, and the CSRF token on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = gettext_lazy("Signed-in browser (session cookie and CSRF token).")

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


class TokenRateThrottle(AuthRateThrottle):
    """At most `API_RATE_LIMIT` requests per token (or per signed-in person without one) in
    each fixed window of the limit's period (600/m: each clock minute); the excess gets 429
    with Retry-After, the seconds until the next window. Counted in the database
    (`api_rate_count`: one upsert per request), so every worker and server sees one count."""

    scope = "api-token"

    def __init__(self, rate=None):
        super().__init__(rate)
        self._refused = threading.local()  # one instance serves every thread of a worker

    def get_cache_key(self, request) -> str:
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"token:{token.secret_hash[:32]}"
        elif getattr(request.user, "pk", None):
            ident = f"user:{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request) -> bool:
        key = self.get_cache_key(request)
        now = self.timer()
        window, into = divmod(int(now), self.duration)
        allowed = api_rate_count(key, window) <= self.num_requests
        self._refused.wait = None if allowed else self.duration - into
        return allowed

    def wait(self):
        """Seconds until the window that refused this thread's request ends."""
        return getattr(self._refused, "wait", None)


API_THROTTLE = TokenRateThrottle(settings.API_RATE_LIMIT)
