"""Pages for issue 19 item 4: the report form's category suggestions (an htmx fragment) and the
analysts' re-coding queue with the classification-quality shares."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from samsyn.core.access import grant_for
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.deviations.models import Category
from samsyn.deviations.quality import classification_quality, recoding_queue
from samsyn.deviations.recoding_forms import RecodeForm
from samsyn.deviations.selectors import providers_reporting_for
from samsyn.deviations.services.recoding import deviations_recode
from samsyn.deviations.suggestions import case_text, suggest, suggest_many

QUEUE_PAGE_SIZE = 25
PROVIDERS_SHOWN = 10


@require_GET
def category_suggestions(request):
    """The most likely categories for the description being typed (htmx, debounced): a list
    of buttons that pick the category; nothing at all without a model or enough words."""
    providers = providers_reporting_for(request.actor)
    if not providers:
        raise PermissionDenied
    text = case_text(request.GET.get("title", "")[:150], request.GET.get("description", "")[:4000])
    return render(
        request,
        "deviations/_suggestions.html",
        {"suggestions": suggest(county_id=providers[0].party.county_id, text=text)},
    )


def _rows(page) -> list[dict]:
    """The page's cases, each with its suggestions (read for all the page's cases of a county
    at once)."""
    cases = list(page)
    suggested: dict[int, list] = {}
    for county_id in {case.reporting_provider.party.county_id for case in cases}:
        of_county = [c for c in cases if c.reporting_provider.party.county_id == county_id]
        texts = [case_text(c.title, f"{c.description}\n{c.other_explanation}") for c in of_county]
        found = suggest_many(county_id=county_id, texts=texts)
        suggested.update({c.pk: f for c, f in zip(of_county, found, strict=True)})
    return [{"case": case, "suggestions": suggested[case.pk]} for case in cases]


def _quality(actor) -> dict:
    """The shares over time, and per provider in the latest period (most "Annat" first)."""
    providers = classification_quality(actor, group="provider")
    latest = providers[0].period if providers else None
    of_latest = [row for row in providers if row.period == latest]
    of_latest.sort(key=lambda row: (-(row.other_share or 0), row.name))
    return {
        "over_time": classification_quality(actor),
        "providers": of_latest[:PROVIDERS_SHOWN],
        "latest": latest,
    }


@require_http_methods(["GET", "POST"])
def recoding_queue_page(request):
    """ "Annat" cases with the suggestion beside each; tick several and choose a category, or
    take a row's suggested category with its own button. Each re-coding is in the trail."""
    actor = request.actor
    if not grant_for(actor, "deviations.recode"):
        raise PermissionDenied
    queue = recoding_queue(actor)
    form = RecodeForm(posted(request), queue=queue)
    if request.method == "POST" and form.is_valid():
        try:
            changed = deviations_recode(
                actor=actor,
                deviations=list(form.cleaned_data["deviations"]),
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d case re-coded to %(category)s.",
                    "%(count)d cases re-coded to %(category)s.",
                    changed,
                )
                % {"count": changed, "category": form.cleaned_data["category"].name},
            )
            return redirect("deviations:recoding")
    page = Paginator(
        queue.select_related("reporting_provider__party", "counterpart_provider"), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("sida"))
    return render(
        request,
        "deviations/recoding.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page),
            "total": page.paginator.count,
            "quality": _quality(actor),
            # Each category's definition beside the menu (issue 19 item 3), as on the forms.
            "categories": Category.objects.filter(is_active=True, is_other=False),
        },
        status=form_status(form),
    )
