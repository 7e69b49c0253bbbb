from django.utils.functional import SimpleLazyObject

from samsyn.core.access import actor_for


class ActorMiddleware:
    """Puts `request.actor` (the user with memberships) on every request, loaded on first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)
