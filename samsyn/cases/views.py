"""The one action dispatcher for every case type: a move's form, then its service.

Each case app wires it in its urls.py with a `CaseActions`: its workflow, how a case is
fetched for the person (the list's selector, so a stranger gets 404), the form and service
of each move, and how the form is shown (on its own action page, or on the case page).

GET shows the form (for apps with action pages); POST binds it and calls the service. A
refusal (ValidationError) shows the form again with the messages on its fields, answering
400 with what was typed kept; a stale version shows it against the version saved now, so
sending again is a choice made after seeing the other person's change. The API (`samsyn/api/
cases.py`) binds the same forms to JSON and calls `CaseActions.make()`; only parsing and
rendering differ.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from samsyn.cases.selectors import last_transition
from samsyn.cases.workflow import Workflow
from samsyn.core.forms import form_status, posted, service_errors_to_form
from samsyn.core.services import CONCURRENT_EDIT_CODE


@dataclass(frozen=True)
class ActionForm:
    """How a person takes one move on a page."""

    form: type  # a core.forms.CaseForm (VersionedForm for moves that change the case)
    service: Callable  # called with actor=, <case_kwarg>=case and form.service_kwargs()
    success: str  # the message after it is done
    title: str = ""  # the action page's heading
    submit: str = ""  # the button, when it is not the title
    initial: Callable | None = None  # initial(case, actor) -> {field: value}
    anchor: str = ""  # where on the case page to land afterwards ("thread")


@dataclass(frozen=True)
class CaseActions:
    """How one case app's pages take moves: wired in its views, handed to `case_action`."""

    workflow: Workflow
    case_for: Callable  # case_for(actor, pk) -> the case, or Http404
    forms: dict[str, ActionForm]  # by move code
    # render(request, case, code, form, status) -> the page that shows the form
    render: Callable
    # Several forms on one page (the deviation page) are told apart by the move's slug.
    prefixed: bool = False
    # Moves whose form lives only on the case page: a GET of their URL is refused (405).
    post_only: frozenset = field(default_factory=frozenset)

    def form(self, case, code: str, actor, data=None, *, prefixed=None, files=None):
        """The move's form for this case, unbound (initial values) or bound to `data`.
        The API binds it without the page's prefix (`prefixed=False`)."""
        entry = self.forms[code]
        initial = {"version": case.version, **(entry.initial(case, actor) if entry.initial else {})}
        prefixed = self.prefixed if prefixed is None else prefixed
        prefix = self.workflow.slug(code) if prefixed else None
        form = entry.form(data, files, initial=initial, prefix=prefix, case=case, actor=actor)
        form.move = self.workflow.move(code, case)  # its label and slug
        form.primary = form.move.primary_for(case)  # whether it is the next step
        return form

    def make(self, *, actor, case, code: str, form) -> None:
        """The move's service with a valid form's arguments: the one call pages and API share."""
        self.forms[code].service(
            actor=actor, **{self.workflow.case_kwarg: case}, **form.service_kwargs()
        )

    def forms_available(self, actor, case) -> dict:
        """The unbound forms of the moves this person can make now, by slug, in table order."""
        return {
            move.slug: self.form(case, move.code, actor)
            for move in self.workflow.moves_available(actor, case)
            if move.code in self.forms
        }


OUT_OF_SIGHT = _("The case is handled elsewhere now, so you no longer see it.")
NOT_OFFERED_NOW = _(
    "That step cannot be taken in this case now. The case page shows what can be done."
)


def _out_of_sight(request, success: str):
    """After a move that takes the case out of the person's sight (a ward passes it to another
    unit): their start page, not the case page's 404."""
    messages.success(request, success)
    messages.info(request, OUT_OF_SIGHT)
    return redirect("core:start")


def _made_just_now(actions: CaseActions, user, pk: int, code: str | None) -> bool:
    """Whether this person's move `code` is the case's last: the form sent twice, after the
    first took the case out of their sight."""
    last = last_transition(workflow=actions.workflow, case_id=pk)
    return last is not None and last.move == code and last.by_id == user.pk


def _case_for_move(request, actions: CaseActions, pk: int, code: str | None):
    """(the case, None), or (None, the start page) for a form sent twice whose first sending
    took the case out of the person's sight; a stranger gets 404 whatever the move."""
    try:
        return actions.case_for(request.actor, pk), None
    except Http404:
        posted_again = request.method == "POST" and code in actions.forms
        if posted_again and _made_just_now(actions, request.user, pk, code):
            return None, _out_of_sight(request, actions.forms[code].success)
        raise


def _done(request, actions: CaseActions, case, entry: ActionForm):
    """Where a person lands after a move: the case page, or the start page when the move took
    the case out of their sight."""
    try:
        actions.case_for(request.actor, case.pk)
    except Http404:
        return _out_of_sight(request, entry.success)
    messages.success(request, entry.success)
    anchor = f"#{entry.anchor}" if entry.anchor else ""
    return redirect(case.get_absolute_url() + anchor)


def case_action(request, pk: int, slug: str, *, actions: CaseActions):
    """A move on a case through its form: GET shows it, POST makes the move."""
    actor = request.actor
    code = actions.workflow.code_for_slug(slug)
    case, landed = _case_for_move(request, actions, pk, code)
    if landed is not None:
        return landed
    if code not in actions.forms:
        raise Http404
    actions.workflow.permit(actor=actor, case=case, code=code)  # 403 for a reader
    if request.method == "GET" and code in actions.post_only:
        return HttpResponseNotAllowed(["POST"])
    if request.method == "GET" and not actions.workflow.allows(actor, case, code):
        # Opened by an old link or typed: not a form that can only be refused when sent.
        messages.info(request, NOT_OFFERED_NOW)
        if request.htmx:  # a fold of a page older than the case: the whole page, reloaded
            return HttpResponseClientRedirect(case.get_absolute_url())
        return redirect(case.get_absolute_url())
    files = request.FILES if request.method == "POST" else None  # attachments (issue 18)
    form = actions.form(case, code, actor, posted(request), files=files)
    if request.method == "POST" and form.is_valid():
        try:
            actions.make(actor=actor, case=case, code=code, form=form)
        except ValidationError as error:
            case = actions.case_for(actor, pk)  # show what is saved now
            if getattr(error, "code", None) == CONCURRENT_EDIT_CODE and "version" in form.fields:
                data = request.POST.copy()
                data[form.add_prefix("version")] = case.version
                form = actions.form(case, code, actor, data, files=files)
                form.is_valid()
            service_errors_to_form(form, error)
        else:
            return _done(request, actions, case, actions.forms[code])
    return actions.render(request, case, code, form, form_status(form))
