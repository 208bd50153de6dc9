"""The rows of a register in the decree's column layout (Appendix IV), for the PDF and the workbook.

Sổ đăng ký văn bản đi and sổ đăng ký văn bản đến each have ten columns; the values are the texts printed
in the cells. Urgent documents are flagged in the notes column.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch

from cqdt.documents.models import (
    IncomingDocument,
    IncomingHandler,
    OutgoingDocument,
    OutgoingRecipient,
    Register,
)
from cqdt.documents.numbering import legal_date
from cqdt.documents.status import HandlerRole, IncomingStatus, OutgoingStatus, RegisterDirection, Urgency

OUTGOING_COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
INCOMING_COLUMNS = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
# Relative column widths, shared by the PDF and the workbook.
OUTGOING_WIDTHS = (13, 10, 34, 14, 22, 15, 7, 10, 10, 15)
INCOMING_WIDTHS = (10, 7, 20, 13, 10, 34, 20, 10, 10, 14)


@dataclass(frozen=True)
class RegisterSheet:
    agency: str
    parent: str
    title: str
    register_name: str
    year: int
    columns: tuple[str, ...]
    widths: tuple[int, ...]
    rows: list[list[str]]
    first_number: str
    last_number: str


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    day = legal_date(value) if isinstance(value, datetime) else value
    return day.strftime("%d/%m/%Y")


def type_and_summary(type_name: str, summary: str) -> str:
    """ "Tên loại và trích yếu": the type's name before the summary, unless the summary starts with it."""
    if summary.lower().startswith(type_name.lower()):
        return summary
    return f"{type_name} {summary}"


def _notes(urgency: str, *extra: str) -> str:
    parts = [Urgency(urgency).label.upper()] if urgency != Urgency.NORMAL else []
    parts.extend(part for part in extra if part)
    return "; ".join(parts)


def _outgoing_row(document: OutgoingDocument) -> list[str]:
    recipients = document.recipients.all()
    sent = [r.sent_at for r in recipients if r.sent_at is not None]
    places = document.recipients_text.replace("\n", " ").strip() or "; ".join(
        r.agency.name for r in recipients
    )
    status = ""
    if document.status == OutgoingStatus.RECALLED:
        status = f"Đã thu hồi ngày {_day(document.recalled_at)}"
    elif document.status == OutgoingStatus.REPLACED:
        status = "Đã bị thay thế"
    replaces = f"Thay thế văn bản số {document.replaces.number_notation}" if document.replaces else ""
    return [
        document.number_notation,
        _day(document.issued_on),
        type_and_summary(document.document_type.name, document.summary),
        document.signer_name,
        places,
        document.file_keeper,
        str(document.copies),
        _day(min(sent) if sent else document.issued_at),
        "",
        _notes(document.urgency, replaces, status),
    ]


def _incoming_row(document: IncomingDocument) -> list[str]:
    handlers = list(document.handlers.all())
    lead = [h for h in handlers if h.role == HandlerRole.LEAD]
    co = [h for h in handlers if h.role == HandlerRole.CO]
    receivers = "; ".join(
        [f"{h.user or h.unit} (chủ trì)" for h in lead] + [f"{h.user or h.unit} (phối hợp)" for h in co]
    )
    status = {
        IncomingStatus.RECALLED: "Bị thu hồi",
        IncomingStatus.REPLACED: "Bị thay thế",
    }.get(IncomingStatus(document.status), "")
    return [
        _day(document.arrived_at),
        str(document.arrival_number),
        document.issuer_name,
        document.number_notation,
        _day(document.issued_on),
        type_and_summary(document.document_type.name, document.summary),
        receivers,
        _day(document.directed_at),
        "",
        _notes(document.urgency, "Văn bản giấy" if document.channel == "paper" else "", status),
    ]


def register_sheet(register: Register, year: int) -> RegisterSheet:
    """The register's entries of `year` in number order (three queries whatever their number)."""
    agency = register.agency
    parent = agency.parent.name if agency.parent_id and agency.parent else ""
    if register.direction == RegisterDirection.OUTGOING:
        outgoing = (
            OutgoingDocument.objects.filter(register=register, year=year)
            .select_related("document_type", "replaces")
            .prefetch_related(
                Prefetch(
                    "recipients", queryset=OutgoingRecipient.objects.select_related("agency").order_by("pk")
                )
            )
            .order_by("number")
        )
        rows = [_outgoing_row(document) for document in outgoing]
        numbers = [row[0] for row in rows]
        title, columns, widths = "SỔ ĐĂNG KÝ VĂN BẢN ĐI", OUTGOING_COLUMNS, OUTGOING_WIDTHS
    else:
        incoming = (
            IncomingDocument.objects.filter(register=register, year=year)
            .select_related("document_type")
            .prefetch_related(
                Prefetch(
                    "handlers", queryset=IncomingHandler.objects.select_related("unit", "user").order_by("id")
                )
            )
            .order_by("arrival_number")
        )
        rows = [_incoming_row(document) for document in incoming]
        numbers = [row[1] for row in rows]
        title, columns, widths = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", INCOMING_COLUMNS, INCOMING_WIDTHS
    return RegisterSheet(
        agency=agency.name,
        parent=parent,
        title=title,
        register_name=register.name,
        year=year,
        columns=columns,
        widths=widths,
        rows=rows,
        first_number=numbers[0] if numbers else "",
        last_number=numbers[-1] if numbers else "",
    )
