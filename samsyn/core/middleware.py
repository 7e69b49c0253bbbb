from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from samsyn.core.access import actor_for


class ActorMiddleware:
    """Puts `request.actor` (the user with memberships) on every request, loaded on first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages and files carry case data: no browser, proxy or shared PC may keep a copy.

    Every response Django makes is marked no-store (the login page too; it holds a CSRF
    token). Static files are answered by WhiteNoise before this runs and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"  # HTTP/1.0 caches and proxies
        return response
