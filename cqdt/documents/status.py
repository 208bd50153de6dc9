"""Choices of the documents app and the one table of allowed transitions for each kind of document."""

from django.core.exceptions import ValidationError
from django.db import models


class Urgency(models.TextChoices):
    """Độ khẩn (Decree 30/2020, art. 4 and Appendix I)."""

    NORMAL = "normal", "Thường"
    URGENT = "urgent", "Khẩn"
    VERY_URGENT = "very_urgent", "Thượng khẩn"
    FLASH = "flash", "Hỏa tốc"


class Confidentiality(models.TextChoices):
    """Độ mật (Law on Protection of State Secrets 2018). Only NORMAL may enter the electronic flow."""

    NORMAL = "normal", "Thường"
    SECRET = "secret", "Mật"
    TOP_SECRET = "top_secret", "Tối mật"
    ABSOLUTE_SECRET = "absolute_secret", "Tuyệt mật"


class RegisterDirection(models.TextChoices):
    INCOMING = "incoming", "Sổ đăng ký văn bản đến"
    OUTGOING = "outgoing", "Sổ đăng ký văn bản đi"


class Channel(models.TextChoices):
    ELECTRONIC = "electronic", "Văn bản điện tử"
    PAPER = "paper", "Văn bản giấy"


class IncomingStatus(models.TextChoices):
    RECEIVED = "received", "Chờ vào sổ"
    REGISTERED = "registered", "Chờ ý kiến chỉ đạo"
    ASSIGNED = "assigned", "Đã giao xử lý"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    COMPLETED = "completed", "Đã hoàn thành"
    RETURNED = "returned", "Đã trả lại nơi gửi"
    RECALLED = "recalled", "Bị thu hồi"
    REPLACED = "replaced", "Bị thay thế"


class IncomingAction(models.TextChoices):
    DELIVER = "deliver", "Nhận văn bản điện tử"
    REGISTER = "register", "Vào sổ văn bản đến"
    RETURN = "return", "Trả lại văn bản"
    DIRECT = "direct", "Cho ý kiến chỉ đạo, giao xử lý"
    ASSIGN_HANDLER = "assign_handler", "Phân công người xử lý"
    NOTE = "note", "Cập nhật tiến độ xử lý"
    COMPLETE = "complete", "Hoàn thành xử lý"
    RECALL = "recall", "Thu hồi theo yêu cầu nơi gửi"
    REPLACE = "replace", "Thay thế bằng văn bản mới"


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    IN_REVIEW = "in_review", "Chờ lãnh đạo phòng xem xét"
    PENDING_APPROVAL = "pending_approval", "Chờ lãnh đạo duyệt"
    APPROVED = "approved", "Đã duyệt, chờ ký"
    SIGNED = "signed", "Đã ký, chờ phát hành"
    ISSUED = "issued", "Đã phát hành"
    RECALLED = "recalled", "Đã thu hồi"
    REPLACED = "replaced", "Đã bị thay thế"


class OutgoingAction(models.TextChoices):
    CREATE = "create", "Tạo dự thảo"
    ADD_VERSION = "add_version", "Cập nhật dự thảo (phiên bản mới)"
    SUBMIT = "submit", "Trình xem xét"
    FORWARD = "forward", "Trình lãnh đạo duyệt"
    SEND_BACK = "send_back", "Trả lại để chỉnh sửa"
    APPROVE = "approve", "Duyệt ban hành"
    SIGN = "sign", "Ký số"
    RECORD_PAPER_SIGNATURE = "record_paper_signature", "Cập nhật bản giấy đã ký"
    ISSUE = "issue", "Cấp số và phát hành"
    DISTRIBUTE = "distribute", "Gửi văn bản"
    RECALL = "recall", "Thu hồi văn bản"
    REPLACE = "replace", "Bị thay thế bởi văn bản mới"


class SignatureKind(models.TextChoices):
    DIGITAL = "digital", "Chữ ký số"
    PAPER = "paper", "Ký trên bản giấy"


class HandlerRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    CO = "co", "Phối hợp"


_IN = IncomingStatus
_OUT = OutgoingStatus

INCOMING_OPEN = frozenset({_IN.ASSIGNED, _IN.IN_PROGRESS})
# States in which the recipient still holds a live copy that a recall or a replacement must reach.
INCOMING_LIVE = frozenset({_IN.RECEIVED, _IN.REGISTERED, _IN.ASSIGNED, _IN.IN_PROGRESS, _IN.COMPLETED})

# action → (states it may start from, state it leads to; None = unchanged)
INCOMING_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    IncomingAction.REGISTER: (frozenset({_IN.RECEIVED}), _IN.REGISTERED),
    IncomingAction.RETURN: (frozenset({_IN.RECEIVED}), _IN.RETURNED),
    IncomingAction.DIRECT: (frozenset({_IN.REGISTERED, _IN.ASSIGNED, _IN.IN_PROGRESS}), _IN.ASSIGNED),
    IncomingAction.ASSIGN_HANDLER: (INCOMING_OPEN, None),
    IncomingAction.NOTE: (INCOMING_OPEN, _IN.IN_PROGRESS),
    IncomingAction.COMPLETE: (INCOMING_OPEN, _IN.COMPLETED),
    IncomingAction.RECALL: (INCOMING_LIVE, _IN.RECALLED),
    IncomingAction.REPLACE: (INCOMING_LIVE, _IN.REPLACED),
}

OUTGOING_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    OutgoingAction.ADD_VERSION: (frozenset({_OUT.DRAFT, _OUT.IN_REVIEW}), None),
    OutgoingAction.SUBMIT: (frozenset({_OUT.DRAFT}), _OUT.IN_REVIEW),
    OutgoingAction.FORWARD: (frozenset({_OUT.IN_REVIEW}), _OUT.PENDING_APPROVAL),
    OutgoingAction.SEND_BACK: (frozenset({_OUT.IN_REVIEW, _OUT.PENDING_APPROVAL, _OUT.APPROVED}), _OUT.DRAFT),
    OutgoingAction.APPROVE: (frozenset({_OUT.PENDING_APPROVAL}), _OUT.APPROVED),
    OutgoingAction.SIGN: (frozenset({_OUT.APPROVED}), _OUT.SIGNED),
    OutgoingAction.RECORD_PAPER_SIGNATURE: (frozenset({_OUT.APPROVED}), _OUT.SIGNED),
    OutgoingAction.ISSUE: (frozenset({_OUT.SIGNED}), _OUT.ISSUED),
    OutgoingAction.DISTRIBUTE: (frozenset({_OUT.ISSUED}), None),
    OutgoingAction.RECALL: (frozenset({_OUT.ISSUED}), _OUT.RECALLED),
    OutgoingAction.REPLACE: (frozenset({_OUT.ISSUED}), _OUT.REPLACED),
}


def _next(
    table: dict[str, tuple[frozenset[str], str | None]],
    labels: type[models.TextChoices],
    status_labels: type[models.TextChoices],
    action: str,
    current: str,
) -> str:
    allowed, target = table[action]
    if current not in allowed:
        state = status_labels(current).label
        raise ValidationError(f"Không thể “{labels(action).label}” khi văn bản đang ở trạng thái “{state}”.")
    return current if target is None else target


def next_incoming_status(action: str, current: str) -> str:
    """The status after `action`; a Vietnamese ValidationError when the current status does not allow it."""
    return _next(INCOMING_TRANSITIONS, IncomingAction, IncomingStatus, action, current)


def next_outgoing_status(action: str, current: str) -> str:
    return _next(OUTGOING_TRANSITIONS, OutgoingAction, OutgoingStatus, action, current)


CLASSIFIED_REFUSAL = (
    "Văn bản mật không được xử lý trên môi trường mạng: văn bản có độ mật “Mật”, “Tối mật” hoặc "
    "“Tuyệt mật” phải được đăng ký, chuyển giao và xử lý theo quy định về bảo vệ bí mật nhà nước, "
    "ngoài hệ thống này."
)


def refuse_secret(confidentiality: str) -> None:
    if confidentiality != Confidentiality.NORMAL:
        raise ValidationError({"confidentiality": CLASSIFIED_REFUSAL})
