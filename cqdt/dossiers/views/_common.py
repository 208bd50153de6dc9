"""What every workspace page shares: staff-only access, Vietnamese error pages, loading a dossier."""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cqdt.core.errors import NotFoundError
from cqdt.dossiers.access import access_dossier
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.workspace_queries import is_staff

View = Callable[..., HttpResponseBase]

NOT_FOUND = "Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này."
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."


def error_page(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    title = {403: "Không có quyền", 404: "Không tìm thấy"}.get(status, "Có lỗi xảy ra")
    return render(request, "dossiers/error.html", {"title": title, "detail": detail}, status=status)


def staff_page(view: View) -> View:
    """Signed-in staff only: anyone else goes to the login page, a citizen gets 403.

    Denials raised below (PermissionDenied, a dossier the user may not see) become Vietnamese error
    pages; a dossier outside the user's units is a 404, so its existence is never revealed.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        if not is_staff(request.user):
            return error_page(request, 403, "Trang này chỉ dành cho cán bộ, công chức.")
        try:
            return view(request, *args, **kwargs)
        except (NotFoundError, Http404):
            return error_page(request, 404, NOT_FOUND)
        except PermissionDenied as denial:
            return error_page(request, 403, str(denial) or FORBIDDEN)

    return wrapper


def visible_dossier(request: HttpRequest, code: str) -> Dossier:
    """The dossier if the signed-in user may see it; NotFoundError (→ 404) otherwise."""
    return access_dossier(actor=request.user, code=code)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def local_text(moment: datetime | None, pattern: str = "%d/%m/%Y %H:%M", *, empty: str = "") -> str:
    """A moment in the current time zone as the template filter `date:"d/m/Y H:i"` writes it; `empty` if
    there is none. For table rows formatted in the view (template filters in loops were most of a page's
    rendering time)."""
    return timezone.localtime(moment).strftime(pattern) if moment else empty
