from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import FORM_ERRORS_STATUS, StyledFormMixin
from samsyn.core.ids import id_param
from samsyn.core.login_page import login_page_extras
from samsyn.core.models import Notification
from samsyn.core.selectors import start_sections_for

LOCAL_LOGIN_OFF = _("Sign in through your organisation's identity provider.")
LOCAL_LOGIN_SUPERUSERS = _(
    "Only administrators of the whole system sign in with a password here. Sign in through "
    "your organisation's identity provider."
)


class SamsynAuthenticationForm(StyledFormMixin, AuthenticationForm):
    def clean(self):
        if settings.LOCAL_PASSWORD_LOGIN == "off":
            raise ValidationError(LOCAL_LOGIN_OFF, code="local_login_off")
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if settings.LOCAL_PASSWORD_LOGIN == "superusers" and not user.is_superuser:
            raise ValidationError(LOCAL_LOGIN_SUPERUSERS, code="local_login_superusers")


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
    return render(
        request,
        "core/start.html",
        {"sections": start_sections_for(request.actor), "memberships": request.actor.memberships},
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
