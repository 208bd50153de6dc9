"""The JSON API: one NinjaAPI, routers from each app, every error as RFC 7807 problem+json."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from cqdt.agencies.api import router as agencies_router
from cqdt.catalog.api import router as procedures_router
from cqdt.core.calendar_api import router as calendar_router
from cqdt.core.errors import ProblemError, problem_from_error, problem_response
from cqdt.core.json_renderer import RENDERER
from cqdt.documents.api import router as documents_router
from cqdt.dossiers.api import router as dossiers_router
from cqdt.portal.api import router as tracking_router
from cqdt.signing.api import router as signing_router

api = NinjaAPI(
    renderer=RENDERER,
    title="CQĐT API",
    version="1",
    description=(
        "API của nền tảng chính quyền điện tử CQĐT. Lỗi trả về theo RFC 7807 (application/problem+json)."
    ),
    urls_namespace="api-v1",
)

# The public lookup first: it is the most frequent request, and URLs are matched in order.
api.add_router("/tracking", tracking_router)
api.add_router("/calendar/", calendar_router, tags=["Lịch làm việc"])
api.add_router("/agencies/", agencies_router, tags=["Danh bạ cơ quan"])
api.add_router("/procedures/", procedures_router, tags=["Thủ tục hành chính"])
api.add_router("/dossiers/", dossiers_router, tags=["Hồ sơ một cửa"])
api.add_router("/signing/", signing_router, tags=["Ký số"])
api.add_router("/documents/", documents_router, tags=["Quản lý văn bản"])


@api.exception_handler(ProblemError)
def _problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
    return problem_from_error(request, exc)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", [])), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problem_response(
        request,
        status=400,
        title="Dữ liệu không hợp lệ",
        detail="Tham số gửi lên không hợp lệ.",
        extra={"errors": errors},
    )


@api.exception_handler(ValidationError)
def _domain_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(request, status=400, title="Dữ liệu không hợp lệ", detail="; ".join(exc.messages))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request, status=401, title="Chưa đăng nhập", detail="Cần đăng nhập để sử dụng chức năng này."
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or "Bạn không có quyền thực hiện thao tác này."
    return problem_response(request, status=403, title="Không có quyền", detail=detail)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(
        request, status=404, title="Không tìm thấy", detail="Không tìm thấy đối tượng được yêu cầu."
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, status=exc.status_code, title=str(exc.message))
