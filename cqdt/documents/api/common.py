"""What the API endpoints share: the signed-in staff member, and ids in the input turned into objects."""

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest

from cqdt.accounts.models import User, UserKind
from cqdt.agencies.models import Agency
from cqdt.core.errors import ProblemError
from cqdt.documents import access
from cqdt.documents.models import DocumentType

MAX_PAGE = 100


def staff(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not access.is_staff(user):
        raise PermissionDenied("Chức năng này chỉ dành cho cán bộ, công chức.")
    return user


def invalid(detail: str) -> ProblemError:
    return ProblemError(400, "Dữ liệu không hợp lệ", detail)


def agency(public_id: UUID, label: str) -> Agency:
    found = Agency.objects.filter(public_id=public_id).first()
    if found is None:
        raise invalid(f"Không tìm thấy {label} có mã {public_id} trong danh bạ.")
    return found


def agencies(public_ids: Iterable[UUID], label: str) -> list[Agency]:
    ids = list(dict.fromkeys(public_ids))
    found = {a.public_id: a for a in Agency.objects.filter(public_id__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise invalid(f"Không tìm thấy {label}: {', '.join(missing)}.")
    return [found[i] for i in ids]


def staff_member(public_id: UUID, label: str) -> User:
    found = User.objects.filter(public_id=public_id, kind=UserKind.STAFF, is_active=True).first()
    if found is None:
        raise invalid(f"Không tìm thấy {label} có mã {public_id}.")
    return found


def document_type(code: str) -> DocumentType:
    found = DocumentType.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise invalid(f"Loại văn bản “{code}” không có trong danh mục.")
    return found


def download(field_file: Any, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


class Rows:
    """A queryset sliced lazily, each row built into a dictionary: pagination counts and slices in SQL."""

    def __init__(self, queryset: Any, build: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset = queryset
        self.build = build

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [self.build(row) for row in self.queryset[index]]
