from samsyn.core.kept import kept_on
from samsyn.core.navigation import menu_for


def actor(request):
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        return {"actor": actor, "menu": []}
    # Worked out once per request: a page that renders parts of itself apart (the case page's
    # boxes from other apps) asks again for each part (issue 16).
    menu = kept_on(request, "_samsyn_menu", request.path, lambda: menu_for(actor, request.path))
    return {"actor": actor, "menu": menu}
