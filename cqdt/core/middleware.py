import re
import uuid
from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse

from cqdt.core.request_context import RequestContext, reset_request_context, set_request_context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when sane) for logs and audit rows."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ip_address = request.META.get("REMOTE_ADDR") or None
        token = set_request_context(RequestContext(request_id=request_id, ip_address=ip_address))
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            response = self.get_response(request)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            reset_request_context(token)
        response["X-Request-ID"] = request_id
        return response


class VietnameseByDefaultMiddleware:
    """Vietnamese unless the user chose another language (the `django_language` cookie, set through
    /i18n/setlang/): a browser set to English must not turn a Vietnamese office's screens English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
