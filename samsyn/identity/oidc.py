"""OpenID Connect with mozilla-django-oidc, one configuration per IdentityProvider row.

The library does the authorization code flow with PKCE, state and nonce; here each request
and back-end reads its provider's settings from the row (endpoints from the issuer's discovery
document) instead of from settings.py, and the ID token is checked harder than the library
does by itself: signature, issuer, audience, expiry and issue time are all required.
"""

import os

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from samsyn.identity.models import IdentityProvider
from samsyn.identity.services import SignInRefused, identity_sign_in

SIGN_ALGORITHMS = ["RS256", "ES256", "PS256"]
DISCOVERY_SECONDS = 600


def provider_metadata(provider: IdentityProvider) -> dict:
    """The issuer's discovery document (cached a while); its issuer must be the row's."""
    key = f"oidc-discovery:{provider.issuer}"
    metadata = cache.get(key)
    if metadata is None:
        url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise SignInRefused("provider_unreachable", f"discovery: {exc}") from exc
        if metadata.get("issuer") != provider.issuer:
            raise SignInRefused("provider_unreachable", "discovery names another issuer")
        cache.set(key, metadata, DISCOVERY_SECONDS)
    return metadata


def provider_secret(provider: IdentityProvider) -> str:
    secret = os.environ.get(provider.secret_env, "")
    if not secret:
        raise SignInRefused("provider_unreachable", f"{provider.secret_env} is not set")
    return secret


def provider_settings(provider: IdentityProvider) -> dict:
    """What the library would read from settings.py, for this provider."""
    metadata = provider_metadata(provider)
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": metadata["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": metadata["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": metadata["userinfo_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": metadata["jwks_uri"],
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "identity:callback",
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
    }


class ProviderSettingsMixin:
    """`get_settings` answers from the chosen provider's row first, then settings.py."""

    provider_config: dict = {}

    def get_settings(self, attr, *args):
        if attr in self.provider_config:
            return self.provider_config[attr]
        return import_from_settings(attr, *args)


class ProviderOIDCBackend(ProviderSettingsMixin, OIDCAuthenticationBackend):
    """Authenticates the callback of a sign-in the request view started for one provider
    (the view sets `request.oidc_provider`); every other authenticate() call is not its."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.provider_config = {}

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "oidc_provider", None)
        if provider is None or "nonce" not in kwargs:
            return None
        self.provider = provider
        self.provider_config = provider_settings(provider)
        for name, value in self.provider_config.items():
            setattr(self, name, value)
        self.OIDC_RP_CLIENT_SECRET = provider_secret(provider)
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            raise SignInRefused("token_invalid", f"token or userinfo request: {exc}") from exc

    def _verify_jws(self, payload, key):
        try:
            header = jwt.get_unverified_header(payload)
            if header.get("alg") not in SIGN_ALGORITHMS:
                raise SignInRefused("token_invalid", f"algorithm {header.get('alg')!r}")
            return jwt.decode(
                payload,
                key,
                algorithms=SIGN_ALGORITHMS,
                audience=self.provider.client_id,
                issuer=self.provider.issuer,
                leeway=settings.OIDC_CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SignInRefused("token_invalid", f"{type(exc).__name__}: {exc}") from exc

    def get_payload_data(self, token, key):
        return self._verify_jws(token, key)  # never an unsigned token, whatever settings say

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SignInRefused("token_invalid", "userinfo names another subject")
        # The ID token's own claims count too (some providers put the assignments only there).
        return identity_sign_in(provider=self.provider, claims={**claims, **payload})

    def store_tokens(self, access_token, id_token):
        self.request.session["oidc_id_token"] = id_token
        self.request.session["oidc_provider"] = self.provider.slug
