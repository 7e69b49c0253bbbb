"""The page where a person makes and revokes their own API tokens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from samsyn.api import services
from samsyn.api.forms import TokenCreateForm
from samsyn.api.models import ApiToken
from samsyn.core.forms import form_status, posted, service_errors_to_form


def tokens(request):
    """List, create (the secret shown once) and revoke one's own tokens."""
    form = TokenCreateForm(posted(request))
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.api_token_create(actor=request.actor, **form.cleaned_data)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            new_secret = made.secret
            form = TokenCreateForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_secret": new_secret,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=form_status(form),
    )


@require_POST
def token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(actor=request.actor, token=token)
    messages.success(request, gettext("The token {name} is revoked.").format(name=token.name))
    return redirect("api_tokens")
