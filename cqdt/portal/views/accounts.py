"""Citizen accounts: register, verify the e-mail address, sign in and out, profile."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from cqdt.portal import selectors, services
from cqdt.portal.access import is_citizen
from cqdt.portal.forms import LoginForm, ProfileForm, RegistrationForm
from cqdt.portal.oidc import oidc_enabled
from cqdt.portal.views._common import citizen_required

LOGIN_FAILED = "Thư điện tử/số điện thoại hoặc mật khẩu không đúng."


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("portal:my_dossiers")


@sensitive_post_parameters("password", "password_again")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.citizen_register(
                registration=services.Registration(
                    identifier=data["identifier"],
                    password=data["password"],
                    full_name=data["full_name"],
                    kind=data["kind"],
                    identity_number=data["identity_number"],
                    organisation_name=data["organisation_name"],
                    tax_code=data["tax_code"],
                )
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if user.email:
                messages.success(
                    request,
                    f"Đã tạo tài khoản. Chúng tôi đã gửi thư xác thực đến {user.email}; vui lòng mở liên kết "
                    "trong thư trước khi nộp hồ sơ.",
                )
            else:
                messages.success(request, "Đã tạo tài khoản. Ông/Bà có thể nộp hồ sơ trực tuyến.")
            return redirect(_next_url(request))
    return render(request, "portal/register.html", {"form": form, "oidc": oidc_enabled()})


@require_http_methods(["GET"])
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError):
        user_id = 0
    user = get_user_model().objects.filter(pk=user_id).first()
    verified = user is not None and services.citizen_verify_email(user=user, token=token)
    return render(
        request, "portal/verify_email.html", {"verified": verified}, status=200 if verified else 400
    )


@citizen_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    profile = services.profile_for(user)
    if user.email and profile.email_verified_at is None:
        services.send_verification_email(user=user)
        messages.success(request, f"Đã gửi lại thư xác thực đến {user.email}.")
    return redirect("portal:profile")


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            username = services.username_for(identifier)
        except ValidationError:
            username = identifier.strip().lower()
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, LOGIN_FAILED)
        elif not is_citizen(user):
            form.add_error(None, "Tài khoản cán bộ đăng nhập tại trang dành cho cán bộ (/dang-nhap/).")
        else:
            login(request, user)
            return redirect(_next_url(request))
    return render(
        request,
        "portal/login.html",
        {"form": form, "next": request.GET.get("next", ""), "oidc": oidc_enabled()},
        status=400 if form.errors else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")


@citizen_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = services.profile_for(user)
    units = selectors.address_units()
    initial = {
        "full_name": user.full_name,  # type: ignore[union-attr]
        "phone": user.phone,  # type: ignore[union-attr]
        "identity_number": user.identity_number,  # type: ignore[union-attr]
        "birth_date": current.birth_date,
        "address_unit": current.address_unit,
        "address": current.address,
        "organisation_name": current.organisation_name,
        "tax_code": current.tax_code,
    }
    locked = bool(current.oidc_subject)
    form = ProfileForm(request.POST or None, initial=initial, units=units, locked=locked)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.citizen_profile_update(
                user=user,  # type: ignore[arg-type]
                data=services.ProfileData(
                    full_name=data["full_name"],
                    phone=data["phone"],
                    identity_number=data["identity_number"],
                    birth_date=data["birth_date"],
                    address_unit=data["address_unit"],
                    address=data["address"],
                    organisation_name=data["organisation_name"],
                    tax_code=data["tax_code"],
                ),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Đã lưu thông tin tài khoản.")
            return redirect("portal:profile")
    return render(request, "portal/profile.html", {"form": form, "profile": current})


@require_http_methods(["GET"])
def oidc_failed(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/oidc_failed.html", status=400)
