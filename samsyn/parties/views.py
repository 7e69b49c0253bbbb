"""The page a one-time link leads to, where a person chooses their own password
(services.password_link_send sends the link; nobody else ever sets a password)."""

from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
)
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from samsyn.core.forms import StyledFormMixin
from samsyn.core.views import FormErrorsStatusMixin
from samsyn.parties.services import password_choose


class SamsynSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class PasswordSetView(FormErrorsStatusMixin, PasswordResetConfirmView):
    """The page a one-time link leads to (parties.services.password_link_send): the person
    chooses their own password; nobody else ever sets it."""

    form_class = SamsynSetPasswordForm
    template_name = "registration/password_set.html"
    success_url = reverse_lazy("password_set_done")

    def form_valid(self, form):
        password_choose(person=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordSetDoneView(PasswordResetCompleteView):
    template_name = "registration/password_set_done.html"
