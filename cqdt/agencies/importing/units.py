"""Import administrative units (province, communes, historical districts) from CSV/XLSX.

A unit is keyed by statistical code and start of validity, so one code can have several versions. A parent or
successor is referenced by statistical code; the version valid at the time that matters is chosen (the
parent as of the row's last day, the successor on the day after it).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation

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
from cqdt.agencies.models import AdministrativeUnit, AdministrativeUnitKind
from cqdt.agencies.selectors import administrative_unit_get
from cqdt.agencies.services import (
    Actor,
    AdministrativeUnitChanges,
    administrative_unit_create,
    administrative_unit_update,
)

UNIT_COLUMNS = (
    Column("ma_thong_ke", "Mã thống kê"),
    Column("ten", "Tên"),
    Column("loai", "Loại"),
    Column("truc_thuoc", "Trực thuộc"),
    Column("hieu_luc_tu", "Hiệu lực từ"),
    Column("hieu_luc_den", "Hiệu lực đến"),
    Column("thay_the_boi", "Thay thế bởi"),
    Column("ma_thu_nghiem", "Mã thử nghiệm"),
)
REQUIRED_COLUMNS = ("ma_thong_ke", "ten", "loai")
FIELD_COLUMNS = {
    "statistical_code": "ma_thong_ke",
    "name": "ten",
    "kind": "loai",
    "parent": "truc_thuoc",
    "valid_from": "hieu_luc_tu",
    "valid_to": "hieu_luc_den",
    "replaced_by": "thay_the_boi",
    "is_demo_code": "ma_thu_nghiem",
}


@dataclass(eq=False)
class _Row:
    number: int
    values: dict[str, Any]
    parent_ref: str | None
    replaced_by_ref: str | None
    parent: "_Row | AdministrativeUnit | None" = None
    replaced_by: "_Row | AdministrativeUnit | None" = None

    @property
    def key(self) -> tuple[str, dt.date | None]:
        return self.values["statistical_code"], self.values.get("valid_from")


@dataclass
class _Run:
    table: Table
    report: ImportReport
    actor: Actor
    by_code: dict[str, list[_Row]] = field(default_factory=dict)
    applied: dict[int, AdministrativeUnit] = field(default_factory=dict)

    def error(self, row: int, key: str, message: str) -> None:
        self.report.add_error(row, self.table.label(key), message)


def import_administrative_units(
    source: Source,
    *,
    file_format: str,
    actor: Actor = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    with translation.override("vi"):
        table, warnings = read_table(
            source, file_format=file_format, columns=UNIT_COLUMNS, required=REQUIRED_COLUMNS
        )
        report = ImportReport(total_rows=len(table.rows), warnings=warnings, dry_run=dry_run)
        run = _Run(table=table, report=report, actor=actor)
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, report.total_rows)

        with transaction.atomic():
            rows = []
            for number, cells in table.rows:
                row = _parse(run, number, cells)
                if row is None:
                    step()
                else:
                    rows.append(row)
            ready = []
            for row in _drop_duplicates(run, rows, step):
                if _resolve(run, row):
                    ready.append(row)
                else:
                    step()
            apply_in_dependency_order(
                ready,
                dependencies=lambda row: [
                    Dependency(column=run.table.label(key), row=target, row_number=target.number)
                    for key, target in (("truc_thuoc", row.parent), ("thay_the_boi", row.replaced_by))
                    if isinstance(target, _Row)
                ],
                apply=lambda row: _apply(run, row),
                fail=lambda row, column, message: run.report.add_error(row.number, column, message),
                row_number=lambda row: row.number,
                progress=step,
            )
            if dry_run:
                transaction.set_rollback(True)
        report.errors.sort(key=lambda error: error.row)
        return report


def _parse(run: _Run, number: int, cells: dict[str, str]) -> _Row | None:
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {"statistical_code": cells["ma_thong_ke"], "name": cells["ten"]}
    if not cells["ma_thong_ke"]:
        errors.append(("ma_thong_ke", "Thiếu mã thống kê."))
    if not cells["ten"]:
        errors.append(("ten", "Thiếu tên đơn vị hành chính."))
    if not cells["loai"]:
        errors.append(("loai", "Thiếu loại đơn vị hành chính."))
    else:
        try:
            values["kind"] = parse_choice(cells["loai"], AdministrativeUnitKind, what="Loại")
        except ValueError as error:
            errors.append(("loai", str(error)))
    for key, name in (("hieu_luc_tu", "valid_from"), ("hieu_luc_den", "valid_to")):
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
    return _Row(number, values, cells.get("truc_thuoc"), cells.get("thay_the_boi"))


def _drop_duplicates(run: _Run, rows: list[_Row], step: Callable[[], None]) -> list[_Row]:
    kept = []
    for row in rows:
        versions = run.by_code.setdefault(row.key[0], [])
        first = next((other for other in versions if other.key == row.key), None)
        if first is not None:
            run.error(
                row.number,
                "ma_thong_ke",
                f"Trùng mã thống kê và ngày bắt đầu hiệu lực với dòng {first.number}.",
            )
            step()
            continue
        versions.append(row)
        kept.append(row)
    return kept


def _covers(valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date | None) -> bool:
    if on is None:
        return valid_to is None
    return (valid_from is None or valid_from <= on) and (valid_to is None or valid_to >= on)


def _find(run: _Run, code: str, on: dt.date | None) -> "_Row | AdministrativeUnit | None":
    versions = run.by_code.get(code, [])
    for row in versions:
        if _covers(row.values.get("valid_from"), row.values.get("valid_to"), on):
            return row
    return administrative_unit_get(statistical_code=code, on=on) or (versions[-1] if versions else None)


def _resolve(run: _Run, row: _Row) -> bool:
    valid_to: dt.date | None = row.values.get("valid_to")
    after_end = valid_to + dt.timedelta(days=1) if valid_to is not None else None
    ok = True
    for key, reference, attribute, on in (
        ("truc_thuoc", row.parent_ref, "parent", valid_to),
        ("thay_the_boi", row.replaced_by_ref, "replaced_by", after_end),
    ):
        if not reference:
            continue
        target = _find(run, reference, on)
        if target is None:
            run.error(row.number, key, f"Không tìm thấy đơn vị hành chính có mã thống kê “{reference}”.")
            ok = False
        elif target is row:
            run.error(row.number, key, "Đơn vị hành chính không thể tham chiếu tới chính nó.")
            ok = False
        else:
            setattr(row, attribute, target)
    return ok


def _unit(run: _Run, target: "_Row | AdministrativeUnit | None") -> AdministrativeUnit | None:
    return run.applied[id(target)] if isinstance(target, _Row) else target


def _apply(run: _Run, row: _Row) -> bool:
    values: dict[str, Any] = dict(row.values)
    if row.parent_ref is not None:
        values["parent"] = _unit(run, row.parent)
    if row.replaced_by_ref is not None:
        values["replaced_by"] = _unit(run, row.replaced_by)
    code, valid_from = row.key
    try:
        with transaction.atomic():
            existing = AdministrativeUnit.objects.filter(statistical_code=code, valid_from=valid_from).first()
            if existing is None:
                unit = administrative_unit_create(actor=run.actor, **values)
                outcome = "created"
            else:
                changes: AdministrativeUnitChanges = values  # type: ignore[assignment]
                unit = administrative_unit_update(
                    actor=run.actor, unit=existing, changes=changes, reason="Nhập đơn vị hành chính từ tệp"
                )
                outcome = "updated" if unit.updated_at != existing.updated_at else "unchanged"
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for name, texts in messages.items():
            column = run.table.label(FIELD_COLUMNS[name]) if name in FIELD_COLUMNS else ""
            for text in texts:
                run.report.add_error(row.number, column, text)
        return False
    run.applied[id(row)] = unit
    setattr(run.report, outcome, getattr(run.report, outcome) + 1)
    return True
