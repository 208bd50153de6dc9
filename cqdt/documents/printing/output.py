"""Registers as PDF (typst, archive grade) and as an Excel workbook with the same columns.

openpyxl is imported inside `register_xlsx`: the API and the register views import this module in every web
process, and only an Excel download needs the library's tens of megabytes.
"""

from dataclasses import asdict
from io import BytesIO
from pathlib import Path

from cqdt.core.pdf import render_pdf
from cqdt.documents.printing.registers import RegisterSheet

TEMPLATES = Path(__file__).resolve().parent / "templates"
HEADER_ROW = 6


def register_pdf(sheet: RegisterSheet) -> bytes:
    return render_pdf(TEMPLATES / "register.typ", asdict(sheet), pdf_standard="a-2b")


def register_xlsx(sheet: RegisterSheet) -> bytes:
    """One worksheet: title block, the header with the column numbers, one row per document."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, horizontal="center", vertical="center")
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = str(sheet.year)
    last = get_column_letter(len(sheet.columns))
    lines = [
        (sheet.parent.upper(), False),
        (sheet.agency.upper(), True),
        (sheet.title, True),
        (f"{sheet.register_name} — năm {sheet.year}", False),
    ]
    if sheet.first_number:
        lines.append((f"Từ số {sheet.first_number} đến số {sheet.last_number}", False))
    for row, (text, bold) in enumerate(lines, start=1):
        worksheet.merge_cells(f"A{row}:{last}{row}")
        cell = worksheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=bold, size=14 if text == sheet.title else 11)
        cell.alignment = centre
    for column, (title, width) in enumerate(zip(sheet.columns, sheet.widths, strict=True), start=1):
        header = worksheet.cell(row=HEADER_ROW, column=column, value=title)
        header.font = Font(bold=True)
        number = worksheet.cell(row=HEADER_ROW + 1, column=column, value=f"({column})")
        number.font = Font(italic=True)
        for cell in (header, number):
            cell.alignment = centre
            cell.border = border
        worksheet.column_dimensions[get_column_letter(column)].width = width * 1.1
    for offset, values in enumerate(sheet.rows, start=HEADER_ROW + 2):
        for column, value in enumerate(values, start=1):
            cell = worksheet.cell(row=offset, column=column, value=value)
            cell.alignment = wrap
            cell.border = border
    worksheet.freeze_panes = f"A{HEADER_ROW + 2}"
    worksheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
