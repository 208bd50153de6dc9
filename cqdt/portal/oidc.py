"""Sign-in through the national identity provider (VNeID-style OpenID Connect), with mozilla-django-oidc.

Configuration is three settings (from the environment, see docs/portal.md): `CQDT_OIDC_ISSUER`,
`CQDT_OIDC_CLIENT_ID`, `CQDT_OIDC_CLIENT_SECRET` (and optionally `CQDT_OIDC_SCOPES`). The endpoints come
from the issuer's discovery document (`/.well-known/openid-configuration`), fetched on first use and
cached. With no issuer configured the backend declines every request and the portal hides the button, so
a password sign-in never waits for an identity provider.

The ID token is checked for its signature (the provider's JWKS), nonce, issuer and audience; the account
is found or created by the provider's `sub` and refreshed from the claims at every sign-in
(`cqdt.portal.services.oidc_user_sync`).
"""

from typing import Any

import requests
import structlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from cqdt.portal import services

log = structlog.get_logger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
_DISCOVERY_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "portal:oidc_callback",
    "LOGIN_REDIRECT_URL": "portal:my_dossiers",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_CREATE_USER": True,
}


def issuer() -> str:
    return str(getattr(settings, "CQDT_OIDC_ISSUER", "") or "").rstrip("/")


def oidc_enabled() -> bool:
    return bool(issuer() and getattr(settings, "CQDT_OIDC_CLIENT_ID", ""))


def discovery() -> dict[str, Any]:
    """The provider's discovery document (cached); its `issuer` must be the configured one."""
    key = f"portal:oidc:discovery:{issuer()}"
    document = cache.get(key)
    if document is None:
        response = requests.get(f"{issuer()}/.well-known/openid-configuration", timeout=10)
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != issuer():
            raise ImproperlyConfigured("The OIDC discovery document names another issuer.")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return dict(document)


def oidc_setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings, derived from the CQDT_OIDC_* ones and the discovery document."""
    if attr in _DISCOVERY_KEYS:
        return discovery()[_DISCOVERY_KEYS[attr]]
    if attr in _FIXED:
        return _FIXED[attr]
    if attr == "LOGIN_REDIRECT_URL_FAILURE":
        return reverse("portal:oidc_failed")  # redirected to as is, not resolved
    if attr == "OIDC_RP_CLIENT_ID":
        return getattr(settings, "CQDT_OIDC_CLIENT_ID", "")
    if attr == "OIDC_RP_CLIENT_SECRET":
        return getattr(settings, "CQDT_OIDC_CLIENT_SECRET", "")
    if attr == "OIDC_RP_SCOPES":
        return getattr(settings, "CQDT_OIDC_SCOPES", "openid profile email phone")
    return import_from_settings(attr, *default)


class VneidBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads every endpoint here; Django builds each backend for every sign-in, so defer.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_USER_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: oidc_setting("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: oidc_setting("OIDC_RP_CLIENT_SECRET"))
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if not oidc_enabled() or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, ValueError) as error:
            # A refused code, an unreachable provider or a token that fails a check: no sign-in, no 500.
            log.warning("oidc_sign_in_failed", error_type=type(error).__name__)
            return None

    def verify_token(self, token: Any, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != issuer() or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token issued by another provider or for another client.")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        return self.UserModel.objects.filter(citizen_profile__oidc_subject=str(claims.get("sub", "")))

    def create_user(self, claims: dict[str, Any]) -> Any:
        return services.oidc_user_sync(claims=claims)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        return services.oidc_user_sync(claims=claims)


class VneidLoginView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not oidc_enabled():
            raise Http404("Chưa cấu hình đăng nhập bằng tài khoản định danh điện tử.")
        return super().dispatch(request, *args, **kwargs)

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: oidc_setting("OIDC_RP_CLIENT_ID"))


class VneidCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)
