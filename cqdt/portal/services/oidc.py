"""Accounts signed in through the national identity provider (VNeID-style OpenID Connect)."""

import hashlib
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cqdt.accounts.models import User, UserKind
from cqdt.core.audit import audit_record
from cqdt.portal.models import CitizenProfile, SignUpMethod
from cqdt.portal.services.accounts import ID_NUMBER, PHONE, normalise_phone

# Standard OIDC claim names first, then those of the national portal (domain reference §3.1).
CLAIM_NAMES: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "HoVaTen"),
    "identity_number": ("SoDinhDanh", "identity_number", "SoCMND"),
    "birth_date": ("birthdate", "NgayThangNamSinh"),
    "phone": ("phone_number", "SoDienThoai"),
    "email": ("email", "ThuDienTu"),
}


def claim(claims: dict[str, Any], field: str) -> str:
    for name in CLAIM_NAMES[field]:
        value = claims.get(name)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return ""


def parse_birth_date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def oidc_username(subject: str) -> str:
    # The subject may be long or contain characters usernames do not allow; a digest is stable and short.
    return "vneid-" + hashlib.sha256(subject.encode()).hexdigest()[:32]


@transaction.atomic
def oidc_user_sync(*, claims: dict[str, Any]) -> User:
    """The account for the provider's `sub`, created on first sign-in, refreshed from the claims every time.

    An existing password account with the same e-mail address is never taken over: the person links the
    two by signing in with VNeID, which is a separate account until an official merges them.
    """
    subject = str(claims["sub"])
    profile = (
        CitizenProfile.objects.select_for_update().select_related("user").filter(oidc_subject=subject).first()
    )
    created = profile is None
    if profile is None:
        user = User(username=oidc_username(subject), kind=UserKind.CITIZEN)
        user.set_unusable_password()
        user.save()
        profile = CitizenProfile.objects.create(
            user=user, sign_up_method=SignUpMethod.OIDC, oidc_subject=subject
        )
    user = profile.user
    before = {"full_name": bool(user.full_name), "identity_number": bool(user.identity_number)}
    user.full_name = claim(claims, "full_name") or user.full_name
    identity = claim(claims, "identity_number")
    user.identity_number = identity if ID_NUMBER.match(identity) else user.identity_number
    phone = normalise_phone(claim(claims, "phone"))
    user.phone = phone if PHONE.match(phone) else user.phone
    user.email = claim(claims, "email").lower() or user.email
    user.save(update_fields=["full_name", "identity_number", "phone", "email"])
    profile.birth_date = parse_birth_date(claim(claims, "birth_date")) or profile.birth_date
    profile.oidc_claims_at = timezone.now()
    profile.save(update_fields=["birth_date", "oidc_claims_at", "updated_at"])
    audit_record(
        actor=user,
        action="portal.oidc_user_create" if created else "portal.oidc_user_update",
        obj=user,
        before=None if created else before,
        after={"full_name": bool(user.full_name), "identity_number": bool(user.identity_number)},
    )
    return user
