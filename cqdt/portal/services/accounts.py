"""Citizen and organisation accounts: registration, e-mail verification, profile, sign-in through VNeID.

These write `accounts.User` rows: they belong in `cqdt.accounts.services` (the lead moves them there);
until then the portal is their only caller.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cqdt.accounts.models import User, UserKind
from cqdt.agencies.models import AdministrativeUnit
from cqdt.core.audit import audit_record
from cqdt.portal.models import CitizenProfile, SignUpMethod

PHONE = re.compile(r"^0\d{9,10}$")
ID_NUMBER = re.compile(r"^\d{12}$")


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """One-time: the hash covers the verification time, so a used link stops working."""

    key_salt = "cqdt.portal.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        profile = getattr(user, "citizen_profile", None)
        verified = profile.email_verified_at.isoformat() if profile and profile.email_verified_at else ""
        return f"{user.pk}{user.email}{verified}{timestamp}"


email_verification_tokens = EmailVerificationTokenGenerator()


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def identifier_kind(identifier: str) -> str:
    """ "email" or "phone" for what a person types in the sign-in box; ValidationError otherwise."""
    text = identifier.strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError("Địa chỉ thư điện tử không hợp lệ.") from None
        return SignUpMethod.EMAIL
    if PHONE.match(normalise_phone(text)):
        return SignUpMethod.PHONE
    raise ValidationError(
        "Nhập địa chỉ thư điện tử hoặc số điện thoại di động (10 hoặc 11 chữ số, bắt đầu bằng 0)."
    )


def username_for(identifier: str) -> str:
    """The username an identifier maps to: the lower-cased e-mail address, or the phone number."""
    kind = identifier_kind(identifier)
    return identifier.strip().lower() if kind == SignUpMethod.EMAIL else normalise_phone(identifier)


@dataclass(frozen=True)
class Registration:
    identifier: str
    password: str
    full_name: str
    kind: str = UserKind.CITIZEN
    identity_number: str = ""
    organisation_name: str = ""
    tax_code: str = ""


def _snapshot(user: User) -> dict[str, object]:
    # Contact details and identity numbers stay out of the audit trail (personal data).
    return {"username_kind": user.citizen_profile.sign_up_method, "kind": user.kind}


@transaction.atomic
def citizen_register(*, registration: Registration) -> User:
    """Create a citizen or organisation account; an e-mail account must then verify its address."""
    errors: dict[str, list[str]] = {}
    try:
        method = identifier_kind(registration.identifier)
    except ValidationError as error:
        raise ValidationError({"identifier": error.messages}) from None
    username = username_for(registration.identifier)
    if registration.kind not in (UserKind.CITIZEN, UserKind.ORGANISATION):
        errors["kind"] = ["Loại tài khoản không hợp lệ."]
    full_name = " ".join(registration.full_name.split())
    if not full_name:
        errors["full_name"] = ["Cần nhập họ và tên."]
    if registration.identity_number and not ID_NUMBER.match(registration.identity_number.strip()):
        errors["identity_number"] = ["Số định danh cá nhân gồm 12 chữ số."]
    if registration.kind == UserKind.ORGANISATION and not registration.organisation_name.strip():
        errors["organisation_name"] = ["Cần nhập tên tổ chức, doanh nghiệp."]
    taken = User.objects.filter(username__iexact=username).exists() or (
        User.objects.filter(email__iexact=username).exists()
        if method == SignUpMethod.EMAIL
        else User.objects.filter(phone=username).exists()
    )
    if taken:
        errors["identifier"] = ["Thư điện tử hoặc số điện thoại này đã được dùng để đăng ký tài khoản."]
    user = User(
        username=username,
        email=username if method == SignUpMethod.EMAIL else "",
        phone=username if method == SignUpMethod.PHONE else "",
        full_name=full_name,
        identity_number=registration.identity_number.strip(),
        kind=registration.kind,
    )
    try:
        validate_password(registration.password, user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(registration.password)
    user.save()
    CitizenProfile.objects.create(
        user=user,
        sign_up_method=method,
        organisation_name=registration.organisation_name.strip(),
        tax_code=registration.tax_code.strip(),
    )
    audit_record(actor=user, action="portal.citizen_register", obj=user, after=_snapshot(user))
    if method == SignUpMethod.EMAIL:
        transaction.on_commit(lambda: send_verification_email(user=user))
    return user


def verification_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_tokens.make_token(user)
    path = reverse("portal:verify_email", args=[uid, token])
    return f"{settings.CQDT_PUBLIC_BASE_URL}{path}"


def send_verification_email(*, user: User) -> None:
    """The one-time link, sent at once: the person is waiting for it on the next page."""
    context = {"full_name": user.full_name, "url": verification_url(user)}
    send_mail(
        subject="Xác thực địa chỉ thư điện tử — Cổng dịch vụ công",
        message=render_to_string("portal/email/verify_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def citizen_verify_email(*, user: User, token: str) -> bool:
    """Mark the address verified if `token` is valid for `user`; False for a used, wrong or stale link."""
    user = User.objects.select_for_update().get(pk=user.pk)
    profile = CitizenProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or not email_verification_tokens.check_token(user, token):
        return False
    profile.email_verified_at = timezone.now()
    profile.save(update_fields=["email_verified_at", "updated_at"])
    audit_record(actor=user, action="portal.citizen_verify_email", obj=profile)
    return True


@dataclass(frozen=True)
class ProfileData:
    full_name: str
    phone: str = ""
    identity_number: str = ""
    birth_date: date | None = None
    address_unit: AdministrativeUnit | None = None
    address: str = ""
    organisation_name: str = ""
    tax_code: str = ""


def profile_for(user: Any) -> CitizenProfile:
    """The user's profile; staff or legacy accounts without one get an empty one."""
    profile = CitizenProfile.objects.filter(user=user).select_related("address_unit").first()
    if profile is None:
        profile = CitizenProfile.objects.create(user=user, sign_up_method=SignUpMethod.PHONE)
    return profile


@transaction.atomic
def citizen_profile_update(*, user: User, data: ProfileData) -> CitizenProfile:
    """Contact and identity details used to pre-fill submissions; those from VNeID cannot be changed."""
    user = User.objects.select_for_update().get(pk=user.pk)
    profile = profile_for(user)
    errors: dict[str, list[str]] = {}
    from_vneid = bool(profile.oidc_subject)
    name = " ".join(data.full_name.split())
    if not name:
        errors["full_name"] = ["Cần nhập họ và tên."]
    phone = normalise_phone(data.phone) if data.phone else ""
    if phone and not PHONE.match(phone):
        errors["phone"] = ["Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0."]
    if data.identity_number and not ID_NUMBER.match(data.identity_number.strip()):
        errors["identity_number"] = ["Số định danh cá nhân gồm 12 chữ số."]
    if errors:
        raise ValidationError(errors)
    if not from_vneid:
        user.full_name = name
        user.identity_number = data.identity_number.strip()
        profile.birth_date = data.birth_date
    if profile.sign_up_method != SignUpMethod.PHONE or from_vneid:
        user.phone = phone
    user.save(update_fields=["full_name", "identity_number", "phone"])
    profile.address_unit = data.address_unit
    profile.address = data.address.strip()
    profile.organisation_name = data.organisation_name.strip()
    profile.tax_code = data.tax_code.strip()
    profile.save(
        update_fields=[
            "birth_date",
            "address_unit",
            "address",
            "organisation_name",
            "tax_code",
            "updated_at",
        ]
    )
    audit_record(actor=user, action="portal.citizen_profile_update", obj=profile)
    return profile
