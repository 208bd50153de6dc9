"""Dossier statuses (the national codes 1–10) and the one explicit table of allowed transitions."""

from django.db import models


class DossierStatus(models.IntegerChoices):
    SUBMITTED = 1, "Mới đăng ký"
    RECEIVED = 2, "Được tiếp nhận"
    NOT_RECEIVED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT_REQUESTED = 5, "Yêu cầu bổ sung giấy tờ"
    FEES_REQUESTED = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    RESOLVED = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


class Action(models.TextChoices):
    RECEIVE = "receive", "Tiếp nhận hồ sơ"
    ACCEPT_ONLINE = "accept_online", "Tiếp nhận hồ sơ trực tuyến"
    SUBMIT_ONLINE = "submit_online", "Nộp hồ sơ trực tuyến"
    REFUSE_RECEPTION = "refuse_reception", "Từ chối tiếp nhận"
    FORWARD = "forward", "Chuyển bước xử lý"
    SEND_BACK = "send_back", "Trả lại bước trước"
    REASSIGN = "reassign", "Chuyển xử lý nội bộ"
    RECALL = "recall", "Thu hồi hồ sơ đã chuyển"
    TRANSFER = "transfer", "Chuyển liên thông"
    TRANSFER_BACK = "transfer_back", "Trả kết quả liên thông"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung hồ sơ"
    REGISTER_SUPPLEMENT = "register_supplement", "Tiếp nhận hồ sơ bổ sung"
    REQUEST_FEES = "request_fees", "Yêu cầu thực hiện nghĩa vụ tài chính"
    CONFIRM_FEES = "confirm_fees", "Xác nhận đã thực hiện nghĩa vụ tài chính"
    APPROVE = "approve", "Phê duyệt"
    DECLINE = "decline", "Từ chối giải quyết"
    RECORD_RESULT = "record_result", "Cập nhật kết quả xử lý"
    SIGN_RESULT = "sign_result", "Ký số kết quả"
    RETURN_RESULT = "return_result", "Trả kết quả"
    WITHDRAW = "withdraw", "Rút hồ sơ theo yêu cầu"
    STOP = "stop", "Dừng xử lý"
    DRAFT_APOLOGY = "draft_apology", "Dự thảo phiếu xin lỗi"
    APPROVE_APOLOGY = "approve_apology", "Ban hành phiếu xin lỗi và hẹn lại"
    REJECT_APOLOGY = "reject_apology", "Không duyệt phiếu xin lỗi"
    ADJUST_DEADLINE = "adjust_deadline", "Điều chỉnh hạn xử lý"


S = DossierStatus
_ACTIVE = (S.RECEIVED, S.PROCESSING)

# action → (statuses it may start from, status it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[frozenset[int], int | None]] = {
    Action.SUBMIT_ONLINE: (frozenset(), S.SUBMITTED),
    Action.RECEIVE: (frozenset(), S.RECEIVED),
    Action.ACCEPT_ONLINE: (frozenset({S.SUBMITTED}), S.RECEIVED),
    Action.REFUSE_RECEPTION: (frozenset({S.SUBMITTED}), S.NOT_RECEIVED),
    Action.FORWARD: (frozenset(_ACTIVE), S.PROCESSING),
    Action.SEND_BACK: (frozenset({S.PROCESSING}), S.PROCESSING),
    Action.REASSIGN: (frozenset(_ACTIVE), None),
    Action.RECALL: (frozenset({S.PROCESSING}), None),
    Action.TRANSFER: (frozenset({S.PROCESSING}), S.PROCESSING),
    Action.TRANSFER_BACK: (frozenset({S.PROCESSING}), S.PROCESSING),
    Action.REQUEST_SUPPLEMENT: (frozenset({S.SUBMITTED, *_ACTIVE}), S.SUPPLEMENT_REQUESTED),
    Action.REGISTER_SUPPLEMENT: (frozenset({S.SUPPLEMENT_REQUESTED}), None),  # back to the paused status
    Action.REQUEST_FEES: (frozenset(_ACTIVE), S.FEES_REQUESTED),
    Action.CONFIRM_FEES: (frozenset({S.FEES_REQUESTED}), None),  # back to the paused status
    Action.APPROVE: (frozenset({S.PROCESSING}), None),
    Action.DECLINE: (frozenset({S.PROCESSING}), None),
    Action.RECORD_RESULT: (frozenset({S.PROCESSING}), S.RESOLVED),
    Action.SIGN_RESULT: (frozenset({S.RESOLVED}), None),
    Action.RETURN_RESULT: (frozenset({S.RESOLVED}), S.RETURNED),
    Action.WITHDRAW: (
        frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED}),
        S.WITHDRAWN,
    ),
    Action.STOP: (frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED}), S.STOPPED),
    Action.DRAFT_APOLOGY: (
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED}),
        None,
    ),
    Action.APPROVE_APOLOGY: (
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED}),
        None,
    ),
    Action.REJECT_APOLOGY: (
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED}),
        None,
    ),
    Action.ADJUST_DEADLINE: (
        frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED}),
        None,
    ),
}

# Statistics groups (domain reference §1.5).
IN_PROGRESS = frozenset({S.RECEIVED, S.PROCESSING})
PROCESSED = frozenset({S.WITHDRAWN, S.RESOLVED, S.RETURNED})
PAUSED = frozenset({S.SUPPLEMENT_REQUESTED, S.FEES_REQUESTED, S.STOPPED})
OPEN = frozenset({S.SUBMITTED, *IN_PROGRESS, *PAUSED}) - {S.STOPPED}


class TransitionError(Exception):
    def __init__(self, action: str, status: int) -> None:
        label = Action(action).label
        super().__init__(
            f"Không thể thực hiện “{label}” khi hồ sơ ở trạng thái “{DossierStatus(status).label}”."
        )
        self.action = action
        self.status = status


def next_status(action: str, current: int | None) -> int | None:
    """The status after `action` from `current`, or raise TransitionError. None means unchanged."""
    allowed_from, target = TRANSITIONS[action]
    if allowed_from and current not in allowed_from:
        raise TransitionError(action, current or 0)
    if not allowed_from and current is not None:
        raise TransitionError(action, current)
    return target
