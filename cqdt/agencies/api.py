"""Public, read-only API of the agency directory (mounted at /api/v1/agencies/).

An agency is addressed by its identifier code (`000.00.01.H20`) or its public UUID.
"""

import datetime as dt
import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from cqdt.agencies.models import Agency, AgencyKind, GovernmentLevel
from cqdt.agencies.selectors import (
    agency_ancestors,
    agency_children,
    agency_get_by_reference,
    agency_list,
    agency_subtree,
)
from cqdt.core.errors import NotFoundError

router = Router()

MAX_PAGE_SIZE = 100


class AgencyRef(Schema):
    public_id: uuid.UUID
    identifier_code: str
    name: str


class AdministrativeUnitRef(Schema):
    statistical_code: str
    name: str
    kind: str
    is_demo_code: bool


class AgencyOut(Schema):
    public_id: uuid.UUID
    identifier_code: str = Field(description="Mã định danh (XXX.YY.ZZ.Lnn); rỗng nếu chưa có.")
    is_demo_code: bool = Field(description="Mã định danh không chính thức, chỉ dùng cho dữ liệu demo.")
    internal_code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    depth: int
    parent: AgencyRef | None
    administrative_unit: AdministrativeUnitRef | None
    valid_from: dt.date | None
    valid_to: dt.date | None = Field(description="Ngày cuối cùng hoạt động; rỗng nếu đang hoạt động.")
    is_active: bool
    replaced_by: AgencyRef | None
    address: str
    phone: str
    email: str
    website: str

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_level_label(obj: Agency) -> str:
        return obj.get_level_display()


class AgencyDetailOut(AgencyOut):
    ancestors: list[AgencyRef] = Field(
        description="Các cơ quan cấp trên, từ gốc xuống cơ quan trực tiếp quản lý."
    )


class AgencyFilters(Schema):
    q: str = Field("", description="Tìm theo tên, tên viết tắt, mã (không phân biệt dấu).", max_length=200)
    level: GovernmentLevel | None = Field(None, description="Cấp: central, province, district, commune.")
    kind: AgencyKind | None = Field(None, description="Loại cơ quan, đơn vị.")
    parent: str | None = Field(None, description="Cơ quan cấp trên trực tiếp: mã định danh hoặc public_id.")
    active: bool | None = Field(None, description="true: đang hoạt động; false: đã ngừng hoạt động.")


def _agency_or_404(reference: str) -> Agency:
    agency = agency_get_by_reference(reference=reference)
    if agency is None:
        raise NotFoundError(f"Không tìm thấy cơ quan, đơn vị “{reference}”.")
    return agency


@router.get("/", response=list[AgencyOut], auth=None, summary="Danh bạ cơ quan, đơn vị")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def list_agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> QuerySet[Agency]:
    parent = _agency_or_404(filters.parent) if filters.parent else None
    return agency_list(
        q=filters.q,
        level=filters.level or "",
        kind=filters.kind or "",
        parent=parent,
        active=filters.active,
    )


@router.get("/{reference}", response=AgencyDetailOut, auth=None, summary="Thông tin một cơ quan, đơn vị")
def get_agency(request: HttpRequest, reference: str) -> Agency:
    agency = _agency_or_404(reference)
    agency.ancestors = list(agency_ancestors(agency))  # type: ignore[attr-defined]
    return agency


@router.get(
    "/{reference}/children", response=list[AgencyOut], auth=None, summary="Đơn vị trực thuộc trực tiếp"
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def list_children(request: HttpRequest, reference: str) -> QuerySet[Agency]:
    return agency_children(agency=_agency_or_404(reference)).order_by("path")


@router.get(
    "/{reference}/subtree", response=list[AgencyOut], auth=None, summary="Toàn bộ cây đơn vị bên dưới"
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def list_subtree(request: HttpRequest, reference: str) -> QuerySet[Agency]:
    return agency_subtree(_agency_or_404(reference), include_self=False)
