"""RFC 7807 problem details: the one error shape of the JSON API."""

from typing import Any

from django.http import HttpRequest, JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemError(Exception):
    """Raise anywhere below an API view to answer with a problem+json body."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        *,
        type_: str = "about:blank",
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type_ = type_
        self.extra = extra or {}


class NotFoundError(ProblemError):
    def __init__(self, detail: str = "Không tìm thấy đối tượng được yêu cầu.") -> None:
        super().__init__(404, "Không tìm thấy", detail)


class PermissionDeniedError(ProblemError):
    def __init__(self, detail: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(403, "Không có quyền", detail)


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str = "",
    type_: str = "about:blank",
    extra: dict[str, Any] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    if extra:
        body.update(extra)
    return JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def problem_from_error(request: HttpRequest, error: ProblemError) -> JsonResponse:
    return problem_response(
        request,
        status=error.status,
        title=error.title,
        detail=error.detail,
        type_=error.type_,
        extra=error.extra,
    )
