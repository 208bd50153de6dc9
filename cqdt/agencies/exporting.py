"""Export the agency directory and administrative units as CSV (UTF-8 with BOM, for Excel) or XLSX.

The columns are exactly those the importers read, so an exported file imports back unchanged.

openpyxl is imported where an XLSX file is written: a CSV export, or a process that only imports this
module, does not need the library's tens of megabytes.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from cqdt.agencies.importing.agencies import AGENCY_COLUMNS
from cqdt.agencies.importing.tables import FORMATS, Column
from cqdt.agencies.importing.units import UNIT_COLUMNS
from cqdt.agencies.importing.values import format_bool, format_date
from cqdt.agencies.models import AdministrativeUnit, Agency

Destination = str | Path | IO[bytes]
Cell = str | dt.date | None

_TEXT_COLUMNS = {"ma_dinh_danh", "ma_noi_bo", "ma_thong_ke", "truc_thuoc", "thay_the_boi", "dien_thoai"}


def _reference(agency: Agency | None) -> str:
    if agency is None:
        return ""
    return agency.identifier_code or agency.internal_code


def _agency_cells(agency: Agency) -> dict[str, Cell]:
    unit = agency.administrative_unit
    return {
        "ma_dinh_danh": agency.identifier_code,
        "ma_noi_bo": agency.internal_code,
        "ten": agency.name,
        "ten_viet_tat": agency.short_name,
        "loai": agency.kind,
        "cap": agency.level,
        "truc_thuoc": _reference(agency.parent),
        "ma_thong_ke": unit.statistical_code if unit is not None else "",
        "hieu_luc_tu": agency.valid_from,
        "hieu_luc_den": agency.valid_to,
        "thay_the_boi": _reference(agency.replaced_by),
        "dia_chi": agency.address,
        "dien_thoai": agency.phone,
        "thu_dien_tu": agency.email,
        "trang_thong_tin": agency.website,
        "ma_thu_nghiem": format_bool(agency.is_demo_code),
    }


def _unit_cells(unit: AdministrativeUnit) -> dict[str, Cell]:
    return {
        "ma_thong_ke": unit.statistical_code,
        "ten": unit.name,
        "loai": unit.kind,
        "truc_thuoc": unit.parent.statistical_code if unit.parent is not None else "",
        "hieu_luc_tu": unit.valid_from,
        "hieu_luc_den": unit.valid_to,
        "thay_the_boi": unit.replaced_by.statistical_code if unit.replaced_by is not None else "",
        "ma_thu_nghiem": format_bool(unit.is_demo_code),
    }


def _write_csv(stream: IO[bytes], columns: Sequence[Column], records: Iterable[dict[str, Cell]]) -> int:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([column.label for column in columns])
    count = 0
    for record in records:
        values = (record[column.key] for column in columns)
        writer.writerow([format_date(value) if isinstance(value, dt.date) else value for value in values])
        count += 1
    stream.write(text.getvalue().encode("utf-8-sig"))
    return count


def _write_xlsx(
    stream: IO[bytes], columns: Sequence[Column], records: Iterable[dict[str, Cell]], title: str
) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append([column.label for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for count, record in enumerate(records, start=1):
        sheet.append([record[column.key] for column in columns])
        for position, column in enumerate(columns, start=1):
            cell = sheet.cell(row=count + 1, column=position)
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif column.key in _TEXT_COLUMNS:
                cell.number_format = "@"  # keep codes such as “06190” as text
    sheet.freeze_panes = "A2"
    workbook.save(stream)
    return count


def _export(
    destination: Destination,
    file_format: str,
    columns: Sequence[Column],
    records: Iterable[dict[str, Cell]],
    title: str,
) -> int:
    if file_format not in FORMATS:
        raise ValueError(f"Định dạng “{file_format}” không được hỗ trợ: chỉ xuất csv hoặc xlsx.")
    if isinstance(destination, str | Path):
        with Path(destination).open("wb") as stream:
            return _export(stream, file_format, columns, records, title)
    if file_format == "csv":
        return _write_csv(destination, columns, records)
    return _write_xlsx(destination, columns, records, title)


def export_agencies(destination: Destination, *, file_format: str) -> int:
    """Write every agency, parents before children; returns the number of rows written."""
    agencies = Agency.objects.select_related("parent", "replaced_by", "administrative_unit").order_by("path")
    return _export(
        destination,
        file_format,
        AGENCY_COLUMNS,
        (_agency_cells(a) for a in agencies.iterator(2000)),
        "Cơ quan",
    )


def export_administrative_units(destination: Destination, *, file_format: str) -> int:
    units = AdministrativeUnit.objects.select_related("parent", "replaced_by").order_by(
        "statistical_code", "valid_from"
    )
    return _export(
        destination,
        file_format,
        UNIT_COLUMNS,
        (_unit_cells(u) for u in units.iterator(2000)),
        "Đơn vị hành chính",
    )
