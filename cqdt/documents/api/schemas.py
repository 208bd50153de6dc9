"""Input and output schemas of the documents API (pydantic, via django-ninja)."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from cqdt.documents.status import Channel, Confidentiality, Urgency


class Named(Schema):
    id: UUID
    name: str


class DocumentTypeOut(Schema):
    code: str
    name: str
    abbreviation: str


class RegisterOut(Schema):
    id: UUID
    agency: Named
    direction: str
    name: str
    issuer_abbreviation: str
    document_types: list[str]
    is_active: bool
    years: list[int] = Field(description="Các năm sổ đã có văn bản, mới nhất trước.")


class HistoryOut(Schema):
    at: datetime
    action: str
    action_label: str
    actor: str
    from_status: str
    to_status: str
    note: str


class IncomingFileOut(Schema):
    id: UUID
    name: str
    is_main: bool
    content_type: str
    size: int
    sha256: str
    page_count: int | None
    url: str


class HandlerOut(Schema):
    id: int
    role: str
    unit: Named | None
    user: Named | None


class IncomingListItem(Schema):
    id: UUID
    agency: str
    status: str
    status_label: str
    channel: str
    year: int | None
    arrival_number: int | None
    arrived_at: datetime
    issuer_name: str
    number_notation: str
    issued_on: date
    document_type: str
    summary: str
    urgency: str
    urgency_label: str
    deadline: date | None
    lead: str


class IncomingOut(IncomingListItem):
    signer_name: str
    page_count: int | None
    registered_at: datetime | None
    direction_note: str
    directed_at: datetime | None
    completed_at: datetime | None
    completed_late: bool
    result_note: str
    source: str = Field(description="Số, ký hiệu và cơ quan gửi khi văn bản đến qua hệ thống.")
    files: list[IncomingFileOut]
    handlers: list[HandlerOut]
    history: list[HistoryOut]
    actions: list[str] = Field(description="Các thao tác người dùng hiện tại được thực hiện.")
    slip_url: str


class VersionOut(Schema):
    number: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    page_count: int | None
    note: str
    created_at: datetime
    created_by: str
    url: str


class RecipientOut(Schema):
    agency: Named
    sent_at: datetime | None
    status: str = Field(description="Trạng thái bản văn bản đến của nơi nhận (rỗng khi chưa gửi).")


class OutgoingListItem(Schema):
    id: UUID
    agency: str
    status: str
    status_label: str
    number_notation: str
    issued_on: date | None
    document_type: str
    summary: str
    urgency: str
    urgency_label: str
    drafting_unit: str
    created_by: str
    approver: str
    updated_at: datetime


class OutgoingOut(OutgoingListItem):
    recipients_text: str
    file_keeper: str
    copies: int
    signer_name: str
    signer_title: str
    signature_kind: str
    register_name: str
    recall_reason: str
    versions: list[VersionOut]
    recipients: list[RecipientOut]
    history: list[HistoryOut]
    actions: list[str]


class IncomingRegisterIn(Schema):
    agency: UUID = Field(description="Cơ quan nhận (mã công khai trong danh bạ).")
    issuer_name: str
    number: str
    notation: str = ""
    issued_on: date
    document_type: str = Field(description="Mã loại văn bản, ví dụ `cong-van`, `quyet-dinh`.")
    summary: str
    urgency: Urgency = Urgency.NORMAL
    confidentiality: Confidentiality = Confidentiality.NORMAL
    signer_name: str = ""
    page_count: int | None = None
    channel: Channel = Channel.PAPER


class ReasonIn(Schema):
    reason: str


class DirectIn(Schema):
    lead_unit: UUID | None = None
    lead_user: UUID | None = None
    co_units: list[UUID] = []
    co_users: list[UUID] = []
    deadline: date | None = None
    note: str = ""


class AssignHandlerIn(Schema):
    user: UUID


class NoteIn(Schema):
    text: str


class CompleteIn(Schema):
    result: str
    reply: UUID | None = Field(None, description="Văn bản đi trả lời (mã công khai), nếu có.")


class OutgoingCreateIn(Schema):
    drafting_unit: UUID
    document_type: str
    summary: str
    urgency: Urgency = Urgency.NORMAL
    confidentiality: Confidentiality = Confidentiality.NORMAL
    recipients_text: str = ""
    internal_recipients: list[UUID] = []
    copies: int = 1
    file_keeper: str = ""
    drafting_unit_abbreviation: str | None = None
    replaces: UUID | None = None
    reply_to: UUID | None = None
    note: str = ""


class NoteOnlyIn(Schema):
    note: str = ""


class ApproverIn(Schema):
    approver: UUID | None = None
    note: str = ""


class SignIn(Schema):
    certificate: UUID
    secret: str = Field(description="Mật khẩu tệp PKCS#12 hoặc mã PIN thiết bị; chỉ dùng cho lần ký này.")
    page: int | None = Field(None, ge=1, description="Trang đặt chữ ký, đếm từ 1 (mặc định: trang cuối).")
    box: tuple[float, float, float, float] | None = Field(
        None, description="(x1, y1, x2, y2) tính bằng point từ góc dưới trái của trang."
    )


class IssueIn(Schema):
    register_id: UUID | None = Field(
        None, description="Sổ văn bản đi (mã công khai); mặc định: sổ theo loại."
    )


class DistributeIn(Schema):
    recipients: list[UUID]


class MonthOut(Schema):
    month: date
    incoming: int
    outgoing: int


class StatisticsOut(Schema):
    agency: Named
    start: date
    end: date
    incoming: int
    incoming_electronic: int
    electronic_share: float | None
    outgoing: int
    outgoing_signed_digitally: int
    signed_share: float | None
    completed_on_time: int
    completed_late: int
    open_in_time: int
    open_overdue: int
    months: list[MonthOut]
