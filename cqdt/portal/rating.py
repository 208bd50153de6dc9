"""The 11-item evaluation of a dossier's handling (domain reference §3.5), as the applicant answers it.

Each item has three answers worth 2, 1 and 0 points. Items 1–9 add up to the index score (at most 18) and
give the grade; items 10 and 11 are the 3-level satisfaction (Rất hài lòng / Hài lòng / Không hài lòng).
The grade boundaries are configurable data in a later version; here they follow the reference report
(> 15 Xuất sắc, 12–15 Tốt, 9–<12 Khá, 6–<9 Trung bình, < 6 Yếu), with exactly 15 counted as Tốt.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    number: int
    question: str
    answers: tuple[str, str, str]  # worth 2, 1, 0 points


SATISFACTION = ("Rất hài lòng", "Hài lòng", "Không hài lòng")

ITEMS = (
    Item(
        1,
        "Tổng thời gian giải quyết so với thời gian theo quy định",
        ("Sớm hơn quy định", "Đúng thời gian quy định", "Chậm hơn quy định"),
    ),
    Item(
        2,
        "Thời gian giải quyết của từng cơ quan tham gia so với quy định",
        ("Sớm hơn quy định", "Đúng thời gian quy định", "Chậm hơn quy định"),
    ),
    Item(
        3,
        "Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ",
        ("Không phải liên hệ thêm", "Một lần", "Nhiều hơn một lần (không do lỗi của tôi)"),
    ),
    Item(
        4,
        "Số cơ quan, đơn vị phải liên hệ để hoàn thành thủ tục",
        ("Không phải liên hệ", "Chỉ Bộ phận Một cửa", "Nhiều hơn một cơ quan"),
    ),
    Item(
        5,
        "Việc tiếp nhận, giải quyết, trả kết quả qua Bộ phận Một cửa",
        ("Hoàn toàn qua Bộ phận Một cửa", "Một phần qua Bộ phận Một cửa", "Không qua Bộ phận Một cửa"),
    ),
    Item(
        6,
        "Việc công khai thủ tục hành chính",
        (
            "Niêm yết tại nơi tiếp nhận và công khai điện tử",
            "Chỉ một trong hai hình thức",
            "Không công khai đầy đủ",
        ),
    ),
    Item(
        7,
        "Thái độ của cán bộ, công chức khi tiếp nhận và giải quyết",
        ("Nhiệt tình, chu đáo", "Đúng mực", "Không đúng mực, gây phiền hà"),
    ),
    Item(
        8,
        "Việc tiếp nhận, xử lý phản ánh, kiến nghị (nếu có)",
        ("Được trả lời đầy đủ, đúng hạn", "Được trả lời nhưng chưa đúng hạn", "Không được trả lời"),
    ),
    Item(
        9,
        "Việc cung cấp dịch vụ công trực tuyến",
        ("Thuận tiện, đầy đủ", "Còn hạn chế", "Không đáp ứng"),
    ),
    Item(10, "Mức độ thuận tiện khi thực hiện thủ tục", SATISFACTION),
    Item(11, "Đánh giá chung về việc giải quyết hồ sơ", SATISFACTION),
)

POINTS = (2, 1, 0)


def index_score(scores: Mapping[str, int]) -> int:
    """The sum of items 1–9 (0–18)."""
    return sum(scores[str(number)] for number in range(1, 10))


def grade(score: int) -> str:
    if score > 15:
        return "Xuất sắc"
    if score >= 12:
        return "Tốt"
    if score >= 9:
        return "Khá"
    if score >= 6:
        return "Trung bình"
    return "Yếu"
