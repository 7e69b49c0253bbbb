"""Sign-in through an identity provider, the refusal page, and sign-out (also at the provider)."""

from urllib.parse import parse_qs, urlencode, urlparse

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from samsyn.identity.models import IdentityProvider
from samsyn.identity.oidc import ProviderSettingsMixin, provider_metadata, provider_settings
from samsyn.identity.services import SignInRefused, sign_in_refused_record

REFUSED_STATUS = 403


def login_page_providers() -> dict:
    """The sign-in page's buttons: every identity provider in use, and whether the password
    form is offered (settings.LOCAL_PASSWORD_LOGIN)."""
    return {
        "identity_providers": list(IdentityProvider.objects.filter(enabled=True)),
        "local_password_login": settings.LOCAL_PASSWORD_LOGIN,
    }


def refused(request, provider, refusal: SignInRefused, status=REFUSED_STATUS):
    # Whoever is signed in stays so: a forged callback link must not sign anyone out.
    sign_in_refused_record(provider=provider, refusal=refusal)
    return render(
        request,
        "identity/refused.html",
        {"message": refusal.message, "provider": provider},
        status=status,
    )


@method_decorator(login_not_required, name="dispatch")
class ProviderLoginView(ProviderSettingsMixin, OIDCAuthenticationRequestView):
    """GET /logga-in/oidc/<slug>/: off to the provider, with state, nonce and PKCE."""

    def __init__(self, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)
        self.provider_config = {}

    def get(self, request, slug):
        provider = get_object_or_404(IdentityProvider, slug=slug, enabled=True)
        try:
            self.provider_config = provider_settings(provider)
        except SignInRefused as refusal:
            return refused(request, provider, refusal, status=502)
        self.OIDC_OP_AUTH_ENDPOINT = self.provider_config["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response.url).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = provider.slug
        request.session.modified = True
        return response


@method_decorator(login_not_required, name="dispatch")
class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """GET /logga-in/oidc/svar/: the provider's answer; every refusal gets a clear page."""

    def get(self, request):
        state = request.GET.get("state", "")
        entry = request.session.get("oidc_states", {}).get(state)
        if entry is None:
            return refused(request, None, SignInRefused("state_unknown", "state not in session"))
        provider = IdentityProvider.objects.filter(slug=entry.get("provider"), enabled=True).first()
        if provider is None:
            return refused(request, None, SignInRefused("state_unknown", "provider gone"))
        request.oidc_provider = provider
        self.provider = provider
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return refused(request, provider, refusal)
        except SuspiciousOperation as exc:
            return refused(request, provider, SignInRefused("token_invalid", str(exc)))

    def login_failure(self):
        detail = self.request.GET.get("error", "")[:100] or "no user"
        return refused(self.request, self.provider, SignInRefused("provider_error", detail))


def _provider_logout_url(request, slug: str, id_token: str) -> str | None:
    provider = IdentityProvider.objects.filter(slug=slug).first()
    if provider is None:
        return None
    try:
        endpoint = provider_metadata(provider).get("end_session_endpoint")
    except SignInRefused:
        return None
    if not endpoint:
        return None
    query = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    if id_token:
        query["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(query)}"


@login_not_required
@require_POST
def logout(request):
    """End the local session and, for a provider sign-in, the provider's session too
    (RP-initiated logout) when the provider offers it."""
    slug = request.session.get("oidc_provider")
    id_token = request.session.get("oidc_id_token", "")
    auth.logout(request)
    target = _provider_logout_url(request, slug, id_token) if slug else None
    return HttpResponseRedirect(target or reverse(settings.LOGOUT_REDIRECT_URL))
