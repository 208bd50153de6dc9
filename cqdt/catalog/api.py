"""Public, read-only API of the procedure catalogue (mounted at /api/v1/procedures/)."""

from typing import Any

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from cqdt.agencies.models import GovernmentLevel
from cqdt.catalog import selectors
from cqdt.catalog.models import (
    OnlineServiceType,
    Procedure,
    ProcedureCase,
    ProcessStep,
    RequiredComponent,
)
from cqdt.catalog.serialization import agency_code, sorted_levels
from cqdt.core.errors import NotFoundError, ProblemError

router = Router(tags=["Thủ tục hành chính"])

MAX_PAGE = 100


class FieldOut(Schema):
    code: str
    name: str


class ProcedureListItem(Schema):
    code: str
    national_code: str
    name: str
    field: FieldOut
    levels: list[str]
    online_service: str
    online_service_label: str

    @staticmethod
    def resolve_levels(obj: Procedure) -> list[str]:
        return sorted_levels([row.level for row in obj.levels.all()])

    @staticmethod
    def resolve_online_service_label(obj: Procedure) -> str:
        return obj.get_online_service_display()


class TimeLimitOut(Schema):
    amount: int
    unit: str
    label: str


class ComponentOut(Schema):
    code: str
    name: str
    originals: int
    copies: int
    mandatory: bool
    blank_form_url: str | None

    @staticmethod
    def resolve_mandatory(obj: RequiredComponent) -> bool:
        return obj.is_mandatory

    @staticmethod
    def resolve_blank_form_url(obj: RequiredComponent) -> str | None:
        return obj.blank_form.url if obj.blank_form else None


class StepOut(Schema):
    position: int
    name: str
    role: str
    role_label: str
    unit: str
    hours: float

    @staticmethod
    def resolve_role_label(obj: ProcessStep) -> str:
        return obj.get_role_display()


class CaseOut(Schema):
    code: str
    name: str
    time_limit: TimeLimitOut | None
    components: list[ComponentOut]
    steps: list[StepOut]
    form_schema: dict[str, Any]

    @staticmethod
    def resolve_time_limit(obj: ProcedureCase) -> dict[str, Any] | None:
        if obj.time_limit_amount is None:
            return None
        return {"amount": obj.time_limit_amount, "unit": obj.time_limit_unit, "label": obj.time_limit_label}

    @staticmethod
    def resolve_components(obj: ProcedureCase) -> list[RequiredComponent]:
        return list(obj.components.all())

    @staticmethod
    def resolve_steps(obj: ProcedureCase) -> list[ProcessStep]:
        return list(obj.steps.all())


class FeeOut(Schema):
    kind: str
    kind_label: str
    amount: int | None
    description: str


class AgencyOut(Schema):
    code: str
    name: str


class ProcedureDetail(ProcedureListItem):
    supplement_policy: str
    legal_basis: list[str]
    result_documents: list[str]
    fees: list[FeeOut]
    cases: list[CaseOut]
    agencies: list[AgencyOut]

    @staticmethod
    def resolve_fees(obj: Procedure) -> list[dict[str, Any]]:
        return [
            {
                "kind": fee.kind,
                "kind_label": fee.get_kind_display(),
                "amount": fee.amount,
                "description": fee.description,
            }
            for fee in obj.fees.all()
        ]

    @staticmethod
    def resolve_cases(obj: Procedure) -> list[ProcedureCase]:
        return list(obj.cases.all())

    @staticmethod
    def resolve_agencies(obj: Procedure) -> list[dict[str, str]]:
        return [
            {"code": agency_code(link.agency), "name": link.agency.name} for link in obj.agency_links.all()
        ]


def _choice(raw: str, choices: list[str], name: str) -> str:
    if raw and raw not in choices:
        raise ProblemError(
            400, "Tham số không hợp lệ", f"Tham số {name} phải là một trong: {', '.join(choices)}."
        )
    return raw


@router.get("", response=list[ProcedureListItem], summary="Tra cứu thủ tục hành chính")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def procedure_list(
    request: HttpRequest,
    q: QueryEx[str, P(description="Từ khóa, không cần dấu: «giay phep xay dung».")] = "",
    field: QueryEx[str, P(description="Mã lĩnh vực.")] = "",
    level: QueryEx[str, P(description="Cấp thực hiện: central, province, district, commune.")] = "",
    online_service: QueryEx[str, P(description="Dịch vụ công trực tuyến: full, partial, none.")] = "",
) -> Any:
    """Các thủ tục đang áp dụng; mọi từ trong q phải có trong mã, tên hoặc lĩnh vực (không phân biệt dấu)."""
    return selectors.procedure_list_public(
        q=q,
        field=field,
        level=_choice(level, GovernmentLevel.values, "level"),
        online_service=_choice(online_service, OnlineServiceType.values, "online_service"),
    )


@router.get("/{code}", response=ProcedureDetail, summary="Chi tiết thủ tục hành chính")
def procedure_detail(request: HttpRequest, code: str) -> Procedure:
    """Thủ tục theo mã, kèm các trường hợp, thành phần hồ sơ, quy trình, phí, lệ phí và cơ quan thực hiện."""
    procedure = selectors.procedure_get_public(code=code)
    if procedure is None:
        raise NotFoundError(f"Không có thủ tục đang áp dụng mang mã «{code}».")
    return procedure
