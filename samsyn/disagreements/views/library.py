"""Vägledande lösningar (the lessons library) and the register of economic agreements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from samsyn.core.access import can, grant_for
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.core.ids import id_param, id_params
from samsyn.disagreements import forms, services
from samsyn.disagreements.selectors import (
    disagreements_visible_to,
    economic_agreements_visible_to,
    lessons_search,
    lessons_similar,
)


def lesson_list(request):
    """Everyone signed in searches their own county's library (the addendum presentation,
    #HoSavtal2027: solutions guide the future)."""
    form = forms.LessonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    lessons = lessons_search(actor=request.actor, **{k: v for k, v in filters.items() if v})
    page = Paginator(lessons, 25).get_page(request.GET.get("sida"))
    return render(
        request,
        "disagreements/lessons.html",
        {"form": form, "page": page},
        status=form_status(form),
    )


def lesson_detail(request, pk):
    lesson = get_object_or_404(lessons_search(actor=request.actor), pk=pk)
    return render(request, "disagreements/lesson_detail.html", {"lesson": lesson})


def lessons_similar_partial(request):
    """htmx: while a disagreement is being written, show earlier solutions that look alike."""
    similar = lessons_similar(
        county_ids=grant_for(request.actor, "disagreements.lessons.view").county_ids,
        section_ids=id_params(request.GET, "sections"),
        document_ids=id_params(request.GET, "documents"),
        category_id=id_param(request.GET, "category"),
        text=f"{request.GET.get('title', '')} {request.GET.get('question', '')}",
    )
    return render(request, "disagreements/_similar.html", {"similar": similar})


def economic_agreement_list(request):
    agreements = economic_agreements_visible_to(request.actor).select_related("disagreement")
    if not can(request.actor, "disagreements.economic_agreements.view"):
        raise PermissionDenied
    return render(
        request,
        "disagreements/economic_agreements.html",
        {
            "agreements": agreements,
            "visible_cases": set(
                disagreements_visible_to(request.actor)
                .filter(pk__in=agreements.values("disagreement_id"))
                .values_list("pk", flat=True)
            ),
            "may_create": can(request.actor, "disagreements.economic_agreements.edit"),
        },
    )


def economic_agreement_create(request):
    if not can(request.actor, "disagreements.economic_agreements.edit"):
        raise PermissionDenied
    # From a case page (?oenighet=<id>): the agreement belongs to that case and its parties.
    case = None
    case_id = id_param(request.GET, "oenighet")
    if case_id is not None:
        case = get_object_or_404(disagreements_visible_to(request.actor), pk=case_id)
    initial = {"party_a": case.party_a_id, "party_b": case.party_b_id} if case else {}
    form = forms.EconomicAgreementForm(posted(request), actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.economic_agreement_create(
                actor=request.actor, terms=form.terms(), disagreement=case
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, gettext("The economic agreement is registered."))
            if case:
                return redirect("disagreements:detail", pk=case.pk)
            return redirect("disagreements:economic_agreements")
    return render(
        request,
        "disagreements/form.html",
        {
            "form": form,
            "title": gettext("New economic agreement"),
            "case": case,
            "cancel_url": reverse("disagreements:economic_agreements"),
            "intro": gettext(
                "An economic agreement is a voluntary, jointly drawn-up settlement "
                "between two parties that governs responsibility, compensation and "
                "cooperation within a certain area. It can be made at any time, with "
                "or without a dispute."
            ),
        },
        status=form_status(form),
    )
