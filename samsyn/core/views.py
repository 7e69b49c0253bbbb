import sys

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from samsyn.api.problems import problem
from samsyn.core.access import can
from samsyn.core.forms import (
    FORM_ERRORS_STATUS,
    StyledFormMixin,
    form_status,
    posted,
    service_errors_to_form,
)
from samsyn.core.health import database_health, database_unreachable
from samsyn.core.ids import id_param
from samsyn.core.login_page import login_page_extras
from samsyn.core.models import Notification, Statement
from samsyn.core.selectors import next_action, start_sections_for
from samsyn.core.statements import EDIT_PERMISSION, statement_blocks, statement_update

LOCAL_LOGIN_OFF = _("Sign in through your organisation's identity provider.")
LOCAL_LOGIN_SUPERUSERS = _(
    "Only administrators of the whole system sign in with a password here. Sign in through "
    "your organisation's identity provider."
)


class LocalPasswordLoginRule:
    """settings.LOCAL_PASSWORD_LOGIN on every password form (the sign-in page and the Django
    admin's): "off" refuses every password, "superusers" every other person's."""

    def clean(self):
        if settings.LOCAL_PASSWORD_LOGIN == "off":
            raise ValidationError(LOCAL_LOGIN_OFF, code="local_login_off")
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if settings.LOCAL_PASSWORD_LOGIN == "superusers" and not user.is_superuser:
            raise ValidationError(LOCAL_LOGIN_SUPERUSERS, code="local_login_superusers")


class SamsynAuthenticationForm(LocalPasswordLoginRule, StyledFormMixin, AuthenticationForm):
    pass


class SamsynAdminAuthenticationForm(LocalPasswordLoginRule, AdminAuthenticationForm):
    pass


class FormErrorsStatusMixin:
    """A Django form view that shows its form again with errors answers 400, like every page."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=FORM_ERRORS_STATUS)


class SamsynLoginView(FormErrorsStatusMixin, LoginView):
    form_class = SamsynAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **login_page_extras()}


def start(request):
    """The start page: what the signed-in person can do, by role."""
    sections = start_sections_for(request.actor)
    return render(
        request,
        "core/start.html",
        {
            "sections": sections,
            "next_action": next_action(sections),
            "memberships": request.actor.memberships,
        },
    )


def about(request):
    """What Samsyn is, for everyone signed in; no case data (the benchmark's floor page)."""
    return render(request, "core/about.html")


def notifications(request):
    """The person's inbox of notifications; POST marks one (or all) as read."""
    mine = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        unread = mine.filter(read_at__isnull=True)
        one = id_param(request.POST, "id")
        if one is not None:
            unread = unread.filter(pk=one)
        unread.update(read_at=timezone.now())
        return redirect("core:notifications")
    return render(
        request,
        "core/notifications.html",
        {
            "notes": mine[:100],
            "unread": mine.filter(read_at__isnull=True).count(),
        },
    )


class StatementForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Statement
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30})}


# slug in the address -> (the statement, its url name)
STATEMENT_PAGES = {
    "tillganglighet": (Statement.Kind.ACCESSIBILITY, "core:accessibility"),
    "personuppgifter": (Statement.Kind.PRIVACY, "core:privacy"),
}


def _statement(slug):
    return get_object_or_404(Statement, kind=STATEMENT_PAGES[slug][0])


@login_not_required
def statement(request, slug):
    """/tillganglighet/ and /personuppgifter/: readable by everyone, signed in or not."""
    shown = _statement(slug)
    return render(
        request,
        "core/statement.html",
        {
            "statement": shown,
            "blocks": statement_blocks(shown.body),
            "may_edit": request.user.is_authenticated
            and (request.user.is_superuser or can(request.actor, EDIT_PERMISSION)),
            "edit_url": f"{STATEMENT_PAGES[slug][1]}_edit",
        },
    )


def statement_edit(request, slug):
    shown = _statement(slug)
    if not (request.user.is_superuser or can(request.actor, EDIT_PERMISSION)):
        raise PermissionDenied
    form = StatementForm(posted(request), instance=shown, initial={"version": shown.version})
    if request.method == "POST" and form.is_valid():
        data = {"title": form.cleaned_data["title"], "body": form.cleaned_data["body"]}
        shown.refresh_from_db()
        try:
            statement_update(
                actor=request.actor,
                statement=shown,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, gettext("The statement is saved."))
            return redirect(STATEMENT_PAGES[slug][1])
    return render(
        request,
        "core/statement_edit.html",
        {"statement": shown, "form": form, "page_url": STATEMENT_PAGES[slug][1]},
        status=form_status(form),
    )


DATABASE_DOWN = _("Samsyn cannot reach its database just now. Try again in a minute.")
RETRY_AFTER_SECONDS = "5"


@login_not_required
def healthz(request):
    """200 when the database answers and every migration is applied, else 503; JSON, no data."""
    state = database_health()
    healthy = all(value == "ok" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503
    )


def _database_outage(request) -> HttpResponse | None:
    """When the database does not answer: 503 with Retry-After (a problem under /api/, a
    Swedish page elsewhere), and the next request tries again. None for any other error."""
    if not database_unreachable(sys.exc_info()[1]):
        return None
    headers = {"Retry-After": RETRY_AFTER_SECONDS}
    if request.path.startswith("/api/"):
        return problem(503, str(DATABASE_DOWN), headers=headers)
    page = loader.get_template("503.html").render({"message": DATABASE_DOWN})
    return HttpResponse(page, status=503, headers=headers)


@requires_csrf_token
def server_error(request):
    """Django's 500, except when the database does not answer (503)."""
    return _database_outage(request) or defaults.server_error(request)


@requires_csrf_token
def bad_request(request, exception):
    """Django's 400, except when the database does not answer: a session that could not be
    saved then reads as "interrupted" (a 400), though the client did nothing wrong."""
    return _database_outage(request) or defaults.bad_request(request, exception)
