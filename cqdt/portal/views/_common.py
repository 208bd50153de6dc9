"""Helpers shared by the portal's pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from cqdt.portal.access import is_citizen

View = Callable[..., HttpResponseBase]


def citizen_required(view: View) -> View:
    """Citizens and organisations only; anyone else is sent to the portal's sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_citizen(request.user):
            if request.user.is_authenticated:
                messages.warning(
                    request,
                    "Tài khoản cán bộ không dùng để nộp hồ sơ; vui lòng đăng nhập bằng tài khoản công dân.",
                )
            return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


def error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)
