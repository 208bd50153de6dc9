"""A dossier's history told to the applicant in plain Vietnamese: what happened, never who inside did it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cqdt.dossiers.selectors import TrackingEvent
from cqdt.dossiers.status import Action

# Internal moves (reassignments, recalls, drafts of apologies, corrections) are not the applicant's concern.
_HIDDEN = frozenset(
    {Action.REASSIGN, Action.RECALL, Action.DRAFT_APOLOGY, Action.REJECT_APOLOGY, Action.ADJUST_DEADLINE}
)
# Events whose reason the applicant needs to read.
_WITH_REASON = frozenset(
    {Action.REFUSE_RECEPTION, Action.REQUEST_SUPPLEMENT, Action.REQUEST_FEES, Action.DECLINE, Action.STOP}
)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    text: str
    detail: str = ""


def describe(entry: TrackingEvent) -> str:
    unit = entry.to_unit_name
    step = f"“{entry.step_name}”" if entry.step_name else ""
    texts: dict[str, str] = {
        Action.SUBMIT_ONLINE: "Hồ sơ đã được nộp trực tuyến, đang chờ cán bộ một cửa kiểm tra và tiếp nhận.",
        Action.RECEIVE: f"Hồ sơ đã được tiếp nhận tại {unit}." if unit else "Hồ sơ đã được tiếp nhận.",
        Action.ACCEPT_ONLINE: f"Hồ sơ trực tuyến đã được tiếp nhận tại {unit}."
        if unit
        else "Hồ sơ trực tuyến đã được tiếp nhận.",
        Action.REFUSE_RECEPTION: "Hồ sơ không được tiếp nhận.",
        Action.FORWARD: f"Hồ sơ được chuyển sang bước {step}."
        if step
        else "Hồ sơ được chuyển sang bước tiếp theo.",
        Action.SEND_BACK: "Hồ sơ được chuyển lại bước trước để xem xét lại.",
        Action.TRANSFER: f"Hồ sơ được chuyển đến {unit} để phối hợp giải quyết."
        if unit
        else "Hồ sơ được chuyển để phối hợp giải quyết.",
        Action.TRANSFER_BACK: "Cơ quan phối hợp đã gửi lại kết quả phối hợp.",
        Action.REQUEST_SUPPLEMENT: (
            "Cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ. Thời hạn giải quyết tạm dừng."
        ),
        Action.REGISTER_SUPPLEMENT: "Hồ sơ bổ sung đã được tiếp nhận; thời hạn giải quyết được tính tiếp.",
        Action.REQUEST_FEES: (
            "Cơ quan giải quyết yêu cầu thực hiện nghĩa vụ tài chính. Thời hạn giải quyết tạm dừng."
        ),
        Action.CONFIRM_FEES: "Đã xác nhận thực hiện nghĩa vụ tài chính; thời hạn giải quyết được tính tiếp.",
        Action.APPROVE: "Lãnh đạo cơ quan đã phê duyệt kết quả.",
        Action.DECLINE: "Cơ quan giải quyết từ chối giải quyết hồ sơ.",
        Action.RECORD_RESULT: "Đã có kết quả giải quyết.",
        Action.RETURN_RESULT: "Đã trả kết quả cho Ông/Bà.",
        Action.WITHDRAW: "Hồ sơ đã được rút theo yêu cầu của Ông/Bà.",
        Action.STOP: "Cơ quan giải quyết dừng xử lý hồ sơ.",
        Action.APPROVE_APOLOGY: "Cơ quan giải quyết xin lỗi vì chậm trả kết quả và hẹn lại ngày trả.",
    }
    return texts.get(entry.action, "Hồ sơ đang được xử lý.")


def timeline_entries(history: Iterable[TrackingEvent]) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            at=entry.at,
            text=describe(entry),
            detail=entry.reason if entry.action in _WITH_REASON else "",
        )
        for entry in history
        if entry.action not in _HIDDEN
    ]
