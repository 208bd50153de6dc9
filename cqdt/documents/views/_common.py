"""What every workspace page shares: staff-only access, Vietnamese error pages, downloads, pagination."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from cqdt.core.errors import NotFoundError, ProblemError
from cqdt.documents import access

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 25
NOT_FOUND = "Không tìm thấy văn bản hoặc bạn không có quyền xem văn bản này."
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."


def error_page(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    title = {403: "Không có quyền", 404: "Không tìm thấy"}.get(status, "Có lỗi xảy ra")
    return render(request, "documents/error.html", {"title": title, "detail": detail}, status=status)


def staff_page(view: View) -> View:
    """Signed-in staff only: others go to the login page, a citizen gets 403. A document the user may not
    see is a 404 (its existence is never revealed); an action they may not take a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        if not access.is_staff(request.user):
            return error_page(request, 403, "Trang này chỉ dành cho cán bộ, công chức.")
        try:
            return view(request, *args, **kwargs)
        except (NotFoundError, Http404):
            return error_page(request, 404, NOT_FOUND)
        except PermissionDenied as denial:
            return error_page(request, 403, str(denial) or FORBIDDEN)
        except ProblemError as problem:
            return error_page(request, problem.status, problem.detail or problem.title)

    return wrapper


def page_of(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("trang"))


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("trang", None)
    return query.urlencode()


def add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (on its fields when they exist)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def pdf_response(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def download(field_file: Any, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
