"""What other apps show on a case's page ("related on the case page"): the disagreements about a
deviation, later perhaps more. An app registers a function for a case model in its
AppConfig.ready(); the case app's view asks for the boxes and its template shows them, knowing
none of the apps that fill them (deviations do not know disagreements).
"""

from collections.abc import Callable

from django.utils.safestring import SafeString

# {model label ("deviations.deviation"): [func(request, case) -> rendered HTML or ""]}
CASE_PAGE_RELATED: dict[str, list[Callable]] = {}


def case_page_related_register(model_label: str, func: Callable) -> Callable:
    funcs = CASE_PAGE_RELATED.setdefault(model_label, [])
    if func not in funcs:
        funcs.append(func)
    return func


def case_page_related(request, case) -> list[SafeString]:
    """The boxes registered for this case's model, rendered, in the order they registered."""
    funcs = CASE_PAGE_RELATED.get(case._meta.label_lower, [])
    return [box for box in (func(request, case) for func in funcs) if box]
