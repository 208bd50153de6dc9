"""Reading CSV/XLSX tables for import, the error report, and applying rows in dependency order.

A *fatal* problem (unreadable file, wrong encoding, missing required columns) raises `ImportFatalError`
before anything is written. Problems in single rows become `RowError`s; the other rows are still imported.

openpyxl is imported where an XLSX file is read: the import helpers are loaded in every process, and only an
import from Excel needs the library's tens of megabytes.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from cqdt.core.text import fold_diacritics

FORMATS = ("csv", "xlsx")
HEADER_ROW = 1

Source = str | Path | IO[bytes]
Progress = Callable[[int, int], None]  # (rows done, total rows)


class ImportFatalError(Exception):
    """The file as a whole cannot be imported; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed_rows(self) -> int:
        return len({error.row for error in self.errors})

    def add_error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Table:
    """Rows as {column key: stripped text}; `headers` maps each key to the header as written in the file."""

    headers: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]

    def label(self, key: str) -> str:
        return self.headers.get(key, key)


def normalise_header(text: str) -> str:
    """“Mã định danh” → “ma_dinh_danh”: headers may be written with or without accents."""
    return re.sub(r"[^a-z0-9]+", "_", fold_diacritics(text)).strip("_")


def table_format(name: str | Path) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportFatalError(f"Không hỗ trợ tệp “{Path(name).name}”: chỉ nhận tệp .csv (UTF-8) hoặc .xlsx.")
    return suffix


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, str | Path):
        try:
            return Path(source).read_bytes()
        except OSError as error:
            raise ImportFatalError(f"Không mở được tệp “{source}”: {error.strerror or error}.") from error
    return source.read()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_records(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFatalError(
            f"Tệp CSV không đúng bảng mã UTF-8 (byte lỗi ở vị trí {error.start}). "
            "Hãy lưu lại tệp bằng tùy chọn “CSV UTF-8”."
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [
            [cell.strip() for cell in record] for record in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise ImportFatalError(f"Tệp CSV sai cấu trúc: {error}.") from error


def _xlsx_records(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFatalError(
            "Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(
    source: Source,
    *,
    file_format: str,
    columns: Sequence[Column],
    required: Collection[str],
    any_of: Collection[str] = (),
) -> tuple[Table, list[str]]:
    """Read the first sheet (XLSX) or the file (CSV); returns the table and warnings about ignored columns."""
    if file_format not in FORMATS:
        raise ImportFatalError(f"Định dạng “{file_format}” không được hỗ trợ: chỉ nhận csv hoặc xlsx.")
    records = (
        _csv_records(_read_bytes(source)) if file_format == "csv" else _xlsx_records(_read_bytes(source))
    )
    if not records or not any(records[0]):
        raise ImportFatalError("Tệp không có dòng tiêu đề (dòng 1 phải là tên các cột).")
    known = {column.key: column for column in columns}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    warnings: list[str] = []
    for position, header in enumerate(records[0]):
        key = normalise_header(header)
        if not key:
            continue
        if key in positions:
            raise ImportFatalError(f"Cột “{header}” xuất hiện nhiều lần ở dòng tiêu đề.")
        if key not in known:
            warnings.append(f"Bỏ qua cột không dùng đến: “{header}”.")
            continue
        positions[key] = position
        headers[key] = header
    missing = [known[key].label for key in required if key not in positions]
    if missing:
        raise ImportFatalError(f"Thiếu cột bắt buộc: {', '.join(missing)}.")
    if any_of and not any(key in positions for key in any_of):
        labels = " hoặc ".join(known[key].label for key in any_of)
        raise ImportFatalError(f"Tệp phải có ít nhất một cột nhận diện: {labels}.")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in enumerate(records[1:], start=HEADER_ROW + 1):
        if not any(record):
            continue
        rows.append(
            (number, {key: record[pos] if pos < len(record) else "" for key, pos in positions.items()})
        )
    return Table(headers=headers, rows=rows), warnings


R = TypeVar("R")


@dataclass
class Dependency(Generic[R]):
    column: str
    row: R
    row_number: int


def apply_in_dependency_order(
    rows: Iterable[R],
    *,
    dependencies: Callable[[R], list[Dependency[R]]],
    apply: Callable[[R], bool],
    fail: Callable[[R, str, str], None],
    row_number: Callable[[R], int],
    progress: Callable[[], None] | None = None,
) -> None:
    """Apply each row once all rows it refers to (its parent, its successor) have been applied.

    Rows may come in any order: each pass applies what is ready. A row whose dependency failed fails too;
    rows left when a pass makes no progress refer to each other in a cycle.
    """
    pending = list(rows)
    done: dict[int, bool] = {}
    while pending:
        waiting: list[R] = []
        for row in pending:
            deps = dependencies(row)
            broken = next((dep for dep in deps if done.get(id(dep.row)) is False), None)
            if broken is not None:
                fail(
                    row,
                    broken.column,
                    f"Dòng {broken.row_number} được tham chiếu không nhập được nên dòng này bị bỏ qua.",
                )
                done[id(row)] = False
            elif all(done.get(id(dep.row)) for dep in deps):
                done[id(row)] = apply(row)
            else:
                waiting.append(row)
                continue
            if progress is not None:
                progress()
        if len(waiting) == len(pending):
            numbers = ", ".join(str(row_number(row)) for row in waiting)
            for row in waiting:
                blocking = next(dep for dep in dependencies(row) if not done.get(id(dep.row)))
                fail(row, blocking.column, f"Tham chiếu vòng giữa các dòng: {numbers}.")
                if progress is not None:
                    progress()
            return
        pending = waiting
