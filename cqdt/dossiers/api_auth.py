"""Authentication of the dossier API: the staff session (with CSRF), or a personal signed bearer token.

A token is `TimestampSigner`-signed {public_id, fingerprint of the password hash}: it expires after
`CQDT_API_TOKEN_MAX_AGE_DAYS` days and stops working at once when the user changes password, is
deactivated or stops being staff. It is not stored, so one token cannot be revoked on its own: see the
report to the lead for a stored, revocable token if the security level asks for it.
"""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from ninja.security import APIKeyCookie, HttpBearer, SessionAuth

from cqdt.accounts.models import UserKind
from cqdt.core.queries import unique_or_none

SALT = "cqdt.dossiers.api-token"
DEFAULT_MAX_AGE_DAYS = 90


def max_age_seconds() -> int:
    return int(getattr(settings, "CQDT_API_TOKEN_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)) * 24 * 3600


def _fingerprint(user: Any) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:32]


def api_token_create(*, user: Any) -> str:
    """A new bearer token for `user` (staff only)."""
    if getattr(user, "kind", None) != UserKind.STAFF or not user.is_active:
        raise ValueError("Chỉ cấp mã truy cập API cho tài khoản cán bộ đang hoạt động.")
    signer = signing.TimestampSigner(salt=SALT)
    return signer.sign_object({"u": str(user.public_id), "f": _fingerprint(user)})


def api_token_user(token: str) -> Any:
    """The active user the token was issued to, or None (bad signature, expired, password changed…)."""
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age_seconds())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    try:
        public_id = uuid.UUID(str(payload.get("u")))
    except ValueError:
        return None
    user = unique_or_none(get_user_model().objects.filter(public_id=public_id, is_active=True))
    if user is None or not constant_time_compare(str(payload.get("f", "")), _fingerprint(user)):
        return None
    return user


class StaffToken(HttpBearer):
    """`Authorization: Bearer <token>` from `manage.py create_api_token <username>`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


# The bearer token first: the session check refuses a write without a CSRF token before trying the next
# method. Any signed-in user passes here; the endpoints answer 403 to non-staff.
AUTH: list[APIKeyCookie | HttpBearer] = [StaffToken(), SessionAuth()]
