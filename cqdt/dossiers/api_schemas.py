"""Input and output schemas of the dossier API (pydantic, via django-ninja)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from cqdt.dossiers.models import ApplicantType, Channel, DossierHistory, ReturnMethod

# The values of `selectors.Box` (a test checks that they stay in step).
BoxName = Literal[
    "to_receive", "to_process", "to_approve", "to_return", "paused", "near_deadline", "overdue", "all"
]


class AgencyOut(Schema):
    id: UUID
    identifier_code: str
    name: str


class PersonOut(Schema):
    id: UUID
    full_name: str


class DossierListItem(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    status: int
    status_label: str
    channel: str
    received_at: datetime | None
    due_at: datetime | None = Field(description="Hẹn trả theo luật (chỉ dời khi tạm dừng).")
    rescheduled_due_at: datetime | None = Field(description="Hẹn trả lại sau phiếu xin lỗi, nếu có.")
    deadline_state: Literal["overdue", "near", ""] = Field(description="Quá hạn / sắp đến hạn / không.")
    current_step: str | None
    current_assignee: PersonOut | None


class InboxOut(Schema):
    items: list[DossierListItem]
    next_cursor: int | None = Field(description="Truyền vào tham số `after` để lấy trang sau; null là hết.")


class BoxCountOut(Schema):
    box: str
    label: str
    count: int


class FileOut(Schema):
    id: UUID
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class ComponentOut(Schema):
    position: int
    name: str
    originals: int
    copies: int
    mandatory: bool
    files: list[FileOut]


class StepOut(Schema):
    position: int
    name: str
    role: str
    agency: str
    assignee: PersonOut | None
    started_at: datetime | None
    deadline: datetime | None
    finished_at: datetime | None
    timeliness: str


class PauseOut(Schema):
    id: int
    reason: str
    started_at: datetime
    ended_at: datetime | None
    explanation: str
    requested_components: list[Any]


class ApologyOut(Schema):
    id: UUID
    status: str
    reason: str
    previous_due_at: datetime
    new_due_at: datetime
    drafted_by: PersonOut
    decided_by: PersonOut | None
    decided_at: datetime | None


class ApplicantOut(Schema):
    type: str
    name: str
    id_number: str
    birth_date: date | None
    address: str
    phone: str
    email: str
    representative: dict[str, Any]


class ResultOut(Schema):
    decision: str
    number: str
    signer: str
    issued_on: date | None
    summary: str
    finished_at: datetime | None
    timeliness: str
    returned_at: datetime | None
    return_method: str


class SlipOut(Schema):
    form: str
    label: str
    url: str


class DossierOut(DossierListItem):
    case_code: str
    case_name: str
    summary: str
    receiving_unit: AgencyOut
    handling_agency: AgencyOut
    submitted_at: datetime | None
    applicant: ApplicantOut
    form_data: dict[str, Any]
    components: list[ComponentOut]
    other_files: list[FileOut]
    steps: list[StepOut]
    pauses: list[PauseOut]
    apologies: list[ApologyOut]
    result: ResultOut
    available_actions: list[str] = Field(description="Thao tác người gọi được thực hiện lúc này.")
    next_step_candidates: list[PersonOut] = Field(
        description="Người nhận hợp lệ khi chuyển bước / phê duyệt."
    )
    slips: list[SlipOut]


class HistoryOut(Schema):
    at: datetime
    actor: PersonOut | None
    action: str
    action_label: str
    from_status: int | None
    to_status: int
    from_unit: str | None
    to_unit: str | None
    to_user: PersonOut | None
    step_name: str
    step_deadline: datetime | None
    step_timeliness: str
    reason: str

    @staticmethod
    def resolve_actor(obj: DossierHistory) -> dict[str, Any] | None:
        return person(obj.actor)

    @staticmethod
    def resolve_to_user(obj: DossierHistory) -> dict[str, Any] | None:
        return person(obj.to_user)

    @staticmethod
    def resolve_action_label(obj: DossierHistory) -> str:
        return obj.get_action_display()

    @staticmethod
    def resolve_from_unit(obj: DossierHistory) -> str | None:
        return obj.from_unit.name if obj.from_unit else None

    @staticmethod
    def resolve_to_unit(obj: DossierHistory) -> str | None:
        return obj.to_unit.name if obj.to_unit else None


def person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.public_id, "full_name": user.full_name or user.username}


# --- input ----------------------------------------------------------------------------------------


class FiltersIn(Schema):
    procedure_code: str | None = Field(None, description="Mã thủ tục, ví dụ 2.000488.")
    status: int | None = Field(None, ge=1, le=10, description="Mã trạng thái quốc gia 1–10.")
    channel: Channel | None = None
    received_from: date | None = None
    received_to: date | None = None
    q: str = Field("", max_length=100, description="Mã hồ sơ, tên hoặc số giấy tờ người nộp; không cần dấu.")


class ApplicantIn(Schema):
    type: ApplicantType = ApplicantType.CITIZEN
    name: str = Field(min_length=1, max_length=200)
    id_number: str = Field("", max_length=20)
    birth_date: date | None = None
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    representative_name: str = Field("", max_length=200)


class ReceiveIn(Schema):
    procedure_code: str
    case_code: str
    unit: UUID | None = Field(
        None, description="Bộ phận tiếp nhận; bỏ trống nếu cán bộ chỉ thuộc một bộ phận."
    )
    channel: Literal["in_person", "postal"] = "in_person"
    handling_agency: UUID | None = Field(
        None, description="Cơ quan giải quyết, khi thủ tục có nhiều cơ quan."
    )
    applicant: ApplicantIn
    summary: str = Field("", max_length=500)
    form_data: dict[str, Any] = Field(default_factory=dict, description="Dữ liệu biểu mẫu điện tử (JSON).")
    file_components: list[str] = Field(
        default_factory=list, description="Mã thành phần hồ sơ của từng tệp trong `files`, theo cùng thứ tự."
    )


class AssigneeIn(Schema):
    assignee: UUID = Field(description="Người nhận, lấy từ `next_step_candidates` của hồ sơ.")
    note: str = ""


class DecideIn(Schema):
    assignee: UUID | None = Field(None, description="Người thực hiện bước sau (bắt buộc nếu còn bước sau).")
    reason: str = ""


class ReasonIn(Schema):
    reason: str


class OptionalReasonIn(Schema):
    reason: str = ""


class ReassignIn(Schema):
    assignee: UUID
    reason: str = ""


class TransferIn(Schema):
    agency: UUID
    role: str
    hours: Decimal = Field(gt=0)
    reason: str


class SupplementRequestIn(Schema):
    components: list[str] = Field(default_factory=list, description="Tên thành phần hồ sơ của hồ sơ.")
    other: list[str] = Field(default_factory=list, description="Giấy tờ khác cần bổ sung.")
    reason: str


class SupplementRegisterIn(Schema):
    note: str = ""
    file_components: list[str] = Field(
        default_factory=list, description="Mã thành phần hồ sơ của từng tệp trong `files`, theo cùng thứ tự."
    )


class FeesIn(Schema):
    amount: int = Field(gt=0, description="Số tiền (đồng).")
    reason: str


class NoteIn(Schema):
    note: str = ""


class SignResultIn(Schema):
    certificate: UUID = Field(description="Chứng thư số (public_id) mà người dùng được phép ký.")
    secret: str = Field(description="Mật khẩu PKCS#12 hoặc mã PIN; chỉ dùng cho lần ký này, không lưu.")
    signer_title: str = ""


class RecordResultIn(Schema):
    number: str
    signer: str
    issued_on: date
    summary: str = ""


class ReturnIn(Schema):
    method: ReturnMethod = ReturnMethod.COUNTER
    note: str = ""


class ApologyIn(Schema):
    reason: str
    new_due_at: datetime


class AdjustDeadlineIn(Schema):
    due_at: datetime
    reason: str
