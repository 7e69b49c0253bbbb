from samsyn.core.navigation import menu_for


def actor(request):
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        return {"actor": actor, "menu": []}
    # Worked out once per request: a page that renders parts of itself apart (the case page's
    # boxes from other apps) asks again for each part (issue 16).
    known = request.__dict__.get("_samsyn_menu")
    if known is None or known[0] != request.path:
        known = (request.path, menu_for(actor, request.path))
        request.__dict__["_samsyn_menu"] = known
    return {"actor": actor, "menu": known[1]}
