"""Import the agency directory from CSV/XLSX: one row per agency or unit; the column format is described in
docs/agency-import-format.md.

Rows are keyed by identifier code, else internal code, so importing the same file again updates rows instead
of duplicating them. Parents and successors are referenced by either code and may appear anywhere in the file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation

from cqdt.agencies.identifiers import validate_identifier_code
from cqdt.agencies.importing.tables import (
    Column,
    Dependency,
    ImportReport,
    Progress,
    Source,
    Table,
    apply_in_dependency_order,
    read_table,
)
from cqdt.agencies.importing.values import parse_bool, parse_choice, parse_date
from cqdt.agencies.models import AdministrativeUnit, Agency, AgencyKind, GovernmentLevel
from cqdt.agencies.selectors import administrative_unit_get
from cqdt.agencies.services import Actor, AgencyChanges, agency_create, agency_move, agency_update

AGENCY_COLUMNS = (
    Column("ma_dinh_danh", "Mã định danh"),
    Column("ma_noi_bo", "Mã nội bộ"),
    Column("ten", "Tên"),
    Column("ten_viet_tat", "Tên viết tắt"),
    Column("loai", "Loại"),
    Column("cap", "Cấp"),
    Column("truc_thuoc", "Trực thuộc"),
    Column("ma_thong_ke", "Mã thống kê"),
    Column("hieu_luc_tu", "Hiệu lực từ"),
    Column("hieu_luc_den", "Hiệu lực đến"),
    Column("thay_the_boi", "Thay thế bởi"),
    Column("dia_chi", "Địa chỉ"),
    Column("dien_thoai", "Điện thoại"),
    Column("thu_dien_tu", "Thư điện tử"),
    Column("trang_thong_tin", "Trang thông tin"),
    Column("ma_thu_nghiem", "Mã thử nghiệm"),
)
REQUIRED_COLUMNS = ("ten", "cap")
KEY_COLUMNS = ("ma_dinh_danh", "ma_noi_bo")

_TEXT_FIELDS = {
    "ma_dinh_danh": "identifier_code",
    "ma_noi_bo": "internal_code",
    "ten": "name",
    "ten_viet_tat": "short_name",
    "dia_chi": "address",
    "dien_thoai": "phone",
    "thu_dien_tu": "email",
    "trang_thong_tin": "website",
}
_DATE_FIELDS = {"hieu_luc_tu": "valid_from", "hieu_luc_den": "valid_to"}
FIELD_COLUMNS = {
    **{name: key for key, name in _TEXT_FIELDS.items()},
    **{name: key for key, name in _DATE_FIELDS.items()},
    "kind": "loai",
    "level": "cap",
    "parent": "truc_thuoc",
    "administrative_unit": "ma_thong_ke",
    "replaced_by": "thay_the_boi",
    "is_demo_code": "ma_thu_nghiem",
}


@dataclass(eq=False)
class _Row:
    number: int
    values: dict[str, Any]
    parent_ref: str | None
    replaced_by_ref: str | None
    unit_code: str | None
    unit: AdministrativeUnit | None = None
    parent: "_Target | None" = None
    replaced_by: "_Target | None" = None

    @property
    def identifier_code(self) -> str:
        return str(self.values.get("identifier_code", ""))

    @property
    def internal_code(self) -> str:
        return str(self.values.get("internal_code", ""))


@dataclass(eq=False)
class _Target:
    """What a reference points at: a row of the file, or an agency already in the directory."""

    row: _Row | None = None
    agency_id: int | None = None


@dataclass
class _Run:
    table: Table
    report: ImportReport
    actor: Actor
    by_identifier: dict[str, _Row] = field(default_factory=dict)
    by_internal: dict[str, _Row] = field(default_factory=dict)
    db_identifier: dict[str, int] = field(default_factory=dict)
    db_internal: dict[str, int] = field(default_factory=dict)
    applied: dict[int, Agency] = field(default_factory=dict)

    def error(self, row: int, key: str, message: str) -> None:
        self.report.add_error(row, self.table.label(key), message)


def import_agencies(
    source: Source,
    *,
    file_format: str,
    actor: Actor = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a directory file; with `dry_run`, everything is checked and then rolled back."""
    with translation.override("vi"):
        table, warnings = read_table(
            source,
            file_format=file_format,
            columns=AGENCY_COLUMNS,
            required=REQUIRED_COLUMNS,
            any_of=KEY_COLUMNS,
        )
        report = ImportReport(total_rows=len(table.rows), warnings=warnings, dry_run=dry_run)
        run = _Run(table=table, report=report, actor=actor)
        with transaction.atomic():
            _import(run, progress)
            if dry_run:
                transaction.set_rollback(True)
        report.errors.sort(key=lambda error: error.row)
        return report


def _import(run: _Run, progress: Progress | None) -> None:
    total = len(run.table.rows)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    rows: list[_Row] = []
    for number, cells in run.table.rows:
        row = _parse(run, number, cells)
        if row is None:
            step()
        else:
            rows.append(row)
    rows = _drop_duplicates(run, rows, step)
    run.db_identifier = dict(Agency.objects.exclude(identifier_code="").values_list("identifier_code", "pk"))
    run.db_internal = dict(Agency.objects.exclude(internal_code="").values_list("internal_code", "pk"))
    ready = []
    for row in rows:
        if _resolve(run, row):
            ready.append(row)
        else:
            step()
    apply_in_dependency_order(
        ready,
        dependencies=lambda row: _dependencies(run, row),
        apply=lambda row: _apply(run, row),
        fail=lambda row, column, message: run.report.add_error(row.number, column, message),
        row_number=lambda row: row.number,
        progress=step,
    )


def _parse(run: _Run, number: int, cells: dict[str, str]) -> _Row | None:
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {name: cells[key] for key, name in _TEXT_FIELDS.items() if key in cells}
    if not cells["ten"]:
        errors.append(("ten", "Thiếu tên cơ quan, đơn vị."))
    code = cells.get("ma_dinh_danh", "")
    if code:
        try:
            validate_identifier_code(code)
        except ValidationError as error:
            errors.append(("ma_dinh_danh", error.messages[0]))
    if not code and not cells.get("ma_noi_bo"):
        key = next(key for key in KEY_COLUMNS if key in cells)
        errors.append((key, "Cần có mã định danh hoặc mã nội bộ để nhận diện cơ quan, đơn vị."))
    if not cells["cap"]:
        errors.append(("cap", "Thiếu cấp của cơ quan, đơn vị."))
    else:
        try:
            values["level"] = parse_choice(cells["cap"], GovernmentLevel, what="Cấp")
        except ValueError as error:
            errors.append(("cap", str(error)))
    if cells.get("loai"):
        try:
            values["kind"] = parse_choice(cells["loai"], AgencyKind, what="Loại")
        except ValueError as error:
            errors.append(("loai", str(error)))
    for key, name in _DATE_FIELDS.items():
        if key in cells:
            try:
                values[name] = parse_date(cells[key])
            except ValueError as error:
                errors.append((key, str(error)))
    if "ma_thu_nghiem" in cells:
        try:
            values["is_demo_code"] = parse_bool(cells["ma_thu_nghiem"])
        except ValueError as error:
            errors.append(("ma_thu_nghiem", str(error)))
    for key, message in errors:
        run.error(number, key, message)
    if errors:
        return None
    return _Row(
        number=number,
        values=values,
        parent_ref=cells.get("truc_thuoc"),
        replaced_by_ref=cells.get("thay_the_boi"),
        unit_code=cells.get("ma_thong_ke"),
    )


def _drop_duplicates(run: _Run, rows: list[_Row], step: Callable[[], None]) -> list[_Row]:
    kept = []
    for row in rows:
        if row.identifier_code in run.by_identifier:
            first = run.by_identifier[row.identifier_code].number
            run.error(
                row.number, "ma_dinh_danh", f"Mã định danh “{row.identifier_code}” trùng với dòng {first}."
            )
        elif row.internal_code in run.by_internal:
            first = run.by_internal[row.internal_code].number
            run.error(row.number, "ma_noi_bo", f"Mã nội bộ “{row.internal_code}” trùng với dòng {first}.")
        else:
            if row.identifier_code:
                run.by_identifier[row.identifier_code] = row
            if row.internal_code:
                run.by_internal[row.internal_code] = row
            kept.append(row)
            continue
        step()
    return kept


def _find(run: _Run, reference: str) -> _Target | None:
    """A file row first (it may update the agency of the same code), then the directory."""
    row = run.by_identifier.get(reference) or run.by_internal.get(reference)
    if row is not None:
        return _Target(row=row)
    agency_id = run.db_identifier.get(reference) or run.db_internal.get(reference)
    return _Target(agency_id=agency_id) if agency_id is not None else None


def _resolve(run: _Run, row: _Row) -> bool:
    ok = True
    for key, reference, attribute, itself in (
        ("truc_thuoc", row.parent_ref, "parent", "Cơ quan, đơn vị không thể trực thuộc chính nó."),
        (
            "thay_the_boi",
            row.replaced_by_ref,
            "replaced_by",
            "Cơ quan, đơn vị không thể được thay thế bởi chính nó.",
        ),
    ):
        if not reference:
            continue
        target = _find(run, reference)
        if target is None:
            run.error(
                row.number,
                key,
                f"Không tìm thấy cơ quan, đơn vị có mã “{reference}” trong tệp hoặc trong danh bạ.",
            )
            ok = False
        elif target.row is row:
            run.error(row.number, key, itself)
            ok = False
        else:
            setattr(row, attribute, target)
    if row.unit_code:
        row.unit = administrative_unit_get(statistical_code=row.unit_code, on=row.values.get("valid_to"))
        if row.unit is None:
            run.error(
                row.number,
                "ma_thong_ke",
                f"Không tìm thấy đơn vị hành chính có mã thống kê “{row.unit_code}”.",
            )
            ok = False
    return ok


def _dependencies(run: _Run, row: _Row) -> list[Dependency[_Row]]:
    return [
        Dependency(column=run.table.label(key), row=target.row, row_number=target.row.number)
        for key, target in (("truc_thuoc", row.parent), ("thay_the_boi", row.replaced_by))
        if target is not None and target.row is not None
    ]


def _agency(run: _Run, target: _Target | None) -> Agency | None:
    if target is None:
        return None
    if target.row is not None:
        return run.applied[id(target.row)]
    assert target.agency_id is not None
    return Agency.objects.get(pk=target.agency_id)


def _existing(row: _Row) -> Agency | None:
    if row.identifier_code:
        found = Agency.objects.filter(identifier_code=row.identifier_code).first()
        if found is not None:
            return found
    if row.internal_code:
        return Agency.objects.filter(internal_code=row.internal_code).first()
    return None


def _apply(run: _Run, row: _Row) -> bool:
    try:
        with transaction.atomic():
            outcome, agency = _save(run, row)
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for name, texts in messages.items():
            column = run.table.label(FIELD_COLUMNS[name]) if name in FIELD_COLUMNS else ""
            for text in texts:
                run.report.add_error(row.number, column, text)
        return False
    run.applied[id(row)] = agency
    setattr(run.report, outcome, getattr(run.report, outcome) + 1)
    return True


def _save(run: _Run, row: _Row) -> tuple[str, Agency]:
    references: dict[str, Any] = {}
    if row.unit_code is not None:
        references["administrative_unit"] = row.unit
    if row.replaced_by_ref is not None:
        references["replaced_by"] = _agency(run, row.replaced_by)
    parent = _agency(run, row.parent)
    existing = _existing(row)
    if existing is None:
        return "created", agency_create(actor=run.actor, parent=parent, **row.values, **references)
    changes: AgencyChanges = {**row.values, **references}  # type: ignore[typeddict-item]
    agency = agency_update(actor=run.actor, agency=existing, changes=changes, reason="Nhập danh bạ từ tệp")
    changed = agency.updated_at != existing.updated_at
    if row.parent_ref is not None and agency.parent_id != (parent.pk if parent is not None else None):
        agency = agency_move(actor=run.actor, agency=agency, parent=parent, reason="Nhập danh bạ từ tệp")
        changed = True
    return ("updated" if changed else "unchanged"), agency
