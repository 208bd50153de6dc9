"""The statistics table as an Excel workbook laid out like the Circular 01/2020/TT-VPCP result table.

openpyxl is imported inside the functions that draw: the statistics views import this module in every web
process, and only the Excel download needs the library's tens of megabytes.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING

from cqdt.dossiers.statistics import DossierCounts, StatisticsTable

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font
    from openpyxl.worksheet.worksheet import Worksheet

TITLE = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
COLUMN_COUNT = 17
HEADER_FIRST_ROW = 5
NUMBERS_ROW = 9
FIRST_DATA_ROW = 10

# (first row, first column, last row, last column, text); the header spans rows 5–8.
_HEADER: tuple[tuple[int, int, int, int, str], ...] = (
    (5, 1, 8, 1, "STT"),
    (5, 3, 5, 7, "Số hồ sơ nhận giải quyết"),
    (6, 3, 8, 3, "Tổng số"),
    (6, 4, 6, 7, "Trong đó"),
    (7, 4, 8, 4, "Số kỳ trước chuyển qua"),
    (7, 5, 7, 7, "Số mới tiếp nhận"),
    (8, 5, 8, 5, "Trực tuyến"),
    (8, 6, 8, 6, "Trực tiếp"),
    (8, 7, 8, 7, "Qua dịch vụ bưu chính công ích"),
    (5, 8, 5, 11, "Số hồ sơ đã giải quyết"),
    (6, 8, 8, 8, "Tổng số"),
    (6, 9, 6, 11, "Trong đó"),
    (7, 9, 8, 9, "Trước hạn"),
    (7, 10, 8, 10, "Đúng hạn"),
    (7, 11, 8, 11, "Quá hạn"),
    (5, 12, 5, 14, "Số hồ sơ đang giải quyết"),
    (6, 12, 8, 12, "Tổng số"),
    (6, 13, 6, 14, "Trong đó"),
    (7, 13, 8, 13, "Trong hạn"),
    (7, 14, 8, 14, "Quá hạn"),
    (5, 15, 8, 15, "Số hồ sơ tạm dừng"),
    (5, 16, 8, 16, "Tỷ lệ giải quyết đúng hạn (%)"),
    (5, 17, 8, 17, "Tỷ lệ hồ sơ trực tuyến (%)"),
)

COLUMN_NUMBERS = (
    "(1)",
    "(2)",
    "(3)=(4)+(5)+(6)+(7)",
    "(4)",
    "(5)",
    "(6)",
    "(7)",
    "(8)=(9)+(10)+(11)",
    "(9)",
    "(10)",
    "(11)",
    "(12)=(13)+(14)",
    "(13)",
    "(14)",
    "(15)",
    "(16)=((9)+(10))/(8)",
    "(17)=(5)/((5)+(6)+(7))",
)

NOTES = (
    "Ghi chú:",
    "- Hồ sơ đã giải quyết: hồ sơ có thời điểm xử lý xong hoặc rút hồ sơ trong kỳ; trước hạn, đúng hạn, "
    "quá hạn so sánh ngày xử lý xong với ngày hẹn trả theo giờ Việt Nam.",
    "- Hồ sơ không có ngày hẹn trả được tính là đúng hạn (đã giải quyết) và trong hạn (đang giải quyết).",
    "- Hồ sơ đang giải quyết: hồ sơ đã tiếp nhận đến hết kỳ mà chưa giải quyết xong tại thời điểm cuối kỳ, "
    "kể cả hồ sơ tạm dừng; quá hạn nếu ngày hẹn trả áp dụng tại thời điểm cuối kỳ trước ngày cuối kỳ, "
    "riêng hồ sơ đang tạm dừng chỉ quá hạn nếu bắt đầu tạm dừng sau ngày hẹn trả.",
    "- Hồ sơ tạm dừng: hồ sơ đang chờ bổ sung hoặc chờ thực hiện nghĩa vụ tài chính, hoặc đã dừng xử lý, "
    "tại thời điểm cuối kỳ (đã tính trong số hồ sơ đang giải quyết).",
)

_WIDTHS = {1: 6, 2: 42, **dict.fromkeys(range(3, 18), 12)}


def _group_heading(table: StatisticsTable) -> str:
    return "Thủ tục hành chính" if table.group_by == "procedure" else "Cơ quan, đơn vị"


@cache
def _border() -> Border:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _merged_line(sheet: Worksheet, row: int, text: str, *, font: Font | None = None) -> None:
    from openpyxl.styles import Alignment

    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COLUMN_COUNT)
    cell = sheet.cell(row=row, column=1, value=text)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    if font is not None:
        cell.font = font


def _write_header(sheet: Worksheet, table: StatisticsTable) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = (*_HEADER, (5, 2, 8, 2, _group_heading(table)))
    for first_row, first_column, last_row, last_column, text in cells:
        if (first_row, first_column) != (last_row, last_column):
            sheet.merge_cells(
                start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column
            )
        cell = sheet.cell(row=first_row, column=first_column, value=text)
        cell.font = bold
        cell.alignment = centred
    for column, text in enumerate(COLUMN_NUMBERS, start=1):
        cell = sheet.cell(row=NUMBERS_ROW, column=column, value=text)
        cell.font = Font(italic=True)
        cell.alignment = centred
    for row in range(HEADER_FIRST_ROW, NUMBERS_ROW + 1):
        for column in range(1, COLUMN_COUNT + 1):
            sheet.cell(row=row, column=column).border = _border()


def _write_row(sheet: Worksheet, row: int, number: int | None, label: str, counts: DossierCounts) -> None:
    from openpyxl.styles import Alignment

    values = (number, label, *counts.columns())
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = _border()
        if column == 2:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        else:
            cell.alignment = Alignment(horizontal="center", vertical="center")
        if column >= 16:
            cell.number_format = "0.00"


def statistics_workbook(table: StatisticsTable) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Báo cáo TTHC"
    _merged_line(sheet, 1, TITLE, font=Font(bold=True, size=14))
    period = f"Kỳ báo cáo: từ {table.period_start:%d/%m/%Y} đến {table.period_end:%d/%m/%Y}"
    _merged_line(sheet, 2, period, font=Font(italic=True))
    _merged_line(sheet, 3, f"Cơ quan, đơn vị báo cáo: {table.agency.name}")
    sheet.cell(row=4, column=COLUMN_COUNT, value="Đơn vị tính: Số hồ sơ TTHC").alignment = Alignment(
        horizontal="right"
    )
    _write_header(sheet, table)
    row = FIRST_DATA_ROW
    for number, group in enumerate(table.rows, start=1):
        _write_row(sheet, row, number, group.label, group.counts)
        row += 1
    _write_row(sheet, row, None, "Tổng cộng", table.total)
    for column in range(1, COLUMN_COUNT + 1):
        sheet.cell(row=row, column=column).font = Font(bold=True)
    for offset, note in enumerate(NOTES, start=2):
        sheet.cell(row=row + offset, column=1, value=note)
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3)
    return workbook


def statistics_xlsx(table: StatisticsTable) -> bytes:
    buffer = BytesIO()
    statistics_workbook(table).save(buffer)
    return buffer.getvalue()


def statistics_filename(table: StatisticsTable) -> str:
    """A download name such as `bao-cao-tthc-20260301-20260331.xlsx`."""
    return f"bao-cao-tthc-{table.period_start:%Y%m%d}-{table.period_end:%Y%m%d}.xlsx"
