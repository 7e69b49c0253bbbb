from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.shortcuts import render

from samsyn.core.forms import StyledFormMixin
from samsyn.core.selectors import start_sections_for


class SamsynAuthenticationForm(StyledFormMixin, AuthenticationForm):
    pass


class SamsynLoginView(LoginView):
    form_class = SamsynAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEBUG:
            from samsyn.parties.demo import DEMO_PASSWORD, demo_users

            context.update(demo_users=demo_users(), demo_password=DEMO_PASSWORD)
        return context


def start(request):
    """The start page: what the signed-in person can do, by role."""
    return render(
        request,
        "core/start.html",
        {"sections": start_sections_for(request.actor), "memberships": request.actor.memberships},
    )
