from samsyn.core.navigation import menu_for


def actor(request):
    actor = getattr(request, "actor", None)
    menu = menu_for(actor, request.path) if actor is not None and actor.is_authenticated else []
    return {"actor": actor, "menu": menu}
