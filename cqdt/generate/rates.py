"""How often each turn of a dossier's life happens in the generated province (per dossier)."""

from cqdt.accounts.models import StaffRole
from cqdt.dossiers.status import Action

LATE_RATE = 0.008
SUPPLEMENT_RATE = 0.045
FEES_RATE = 0.02
TRANSFER_RATE = 0.03
DECLINE_RATE = 0.01
REFUSAL_RATE = 0.03  # of online submissions
WITHDRAW_RATE = 0.004
STOP_RATE = 0.001
LEADERS = frozenset({StaffRole.SECTION_HEAD, StaffRole.AGENCY_HEAD})
PARTNER_HOURS = 16
PARTNER_STEP_PREFIX = "Xử lý liên thông tại "  # as dossier_transfer names the step

REASONS: dict[str, str] = {
    Action.REFUSE_RECEPTION: "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan.",
    Action.REQUEST_SUPPLEMENT: "Thành phần hồ sơ chưa đầy đủ, đề nghị bổ sung theo Phiếu yêu cầu.",
    Action.REQUEST_FEES: "Đề nghị thực hiện nghĩa vụ tài chính — 50.000 đồng",
    Action.TRANSFER: "Đề nghị phối hợp xử lý liên thông theo quy định.",
    Action.DECLINE: "Hồ sơ không đủ điều kiện giải quyết theo quy định.",
    Action.WITHDRAW: "Người nộp có văn bản đề nghị rút hồ sơ.",
    Action.STOP: "Dừng xử lý do có tranh chấp liên quan đang được giải quyết.",
}
