"""Import of the catalogue exchange file (docs/catalog-format.md): create or update, keyed by procedure code.

All or nothing: the whole file is checked first and every problem is reported with its JSON path; nothing is
written unless the file is clean, and the writes then run in one transaction through the services. A
procedure whose content equals what is stored is left untouched (only its agency rules are applied again).
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cqdt.agencies.models import Agency
from cqdt.catalog.format_schema import FORMAT_SCHEMA
from cqdt.catalog.forms import Issue, schema_issues
from cqdt.catalog.models import Procedure, ProcedureCase, ProcedureField
from cqdt.catalog.selectors import procedure_export_queryset
from cqdt.catalog.serialization import agency_code, hours_to_json, procedure_to_dict, sorted_levels
from cqdt.catalog.services.cases import (
    blank_form_problems,
    case_create,
    case_problems,
    case_update,
    component_create,
    component_delete,
    component_problems,
    component_update,
    steps_problems,
)
from cqdt.catalog.services.data import (
    Actor,
    AgencyRule,
    BlankForm,
    CaseData,
    ComponentData,
    FeeData,
    ProcedureData,
    StepData,
)
from cqdt.catalog.services.procedures import (
    agency_rule_problems,
    fee_problems,
    field_create,
    field_problems,
    field_update,
    procedure_create,
    procedure_problems,
    procedure_relink_agencies,
    procedure_set_fees,
    procedure_update,
)

_CASE_KEYS = {"code": "code", "name": "name", "time_limit_amount": "time_limit", "form_schema": "form_schema"}
_COMPONENT_KEYS = {"code": "code", "name": "name", "originals": "originals", "copies": "copies"}
_PROCEDURE_KEYS = {
    "code": "code",
    "name": "name",
    "legal_basis": "legal_basis",
    "result_documents": "result_documents",
}


@dataclass(frozen=True)
class ImportProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class CatalogImportError(Exception):
    """The file was refused; `problems` lists every problem found, nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [
            f"Tệp danh mục thủ tục không hợp lệ, không có thay đổi nào được ghi. Có {len(self.problems)} lỗi:"
        ]
        lines += [f"- {problem}" for problem in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    fields_created: int
    fields_updated: int

    @property
    def procedures(self) -> int:
        return self.created + self.updated + self.unchanged


def json_path(path: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def _structure_problem(issue: Issue) -> ImportProblem:
    return ImportProblem(json_path(issue.path), f"Trường này {issue.predicate}.")


class _Plan:
    """The checked content of one file: canonical procedure documents and the objects needed to write them."""

    def __init__(self, document: dict[str, Any], files_dir: Path | None) -> None:
        self.document = document
        self.files_dir = files_dir
        self.problems: list[ImportProblem] = []
        self.fields = {item["code"]: item["name"] for item in document.get("fields", [])}
        self.known_fields = set(self.fields) | set(ProcedureField.objects.values_list("code", flat=True))
        self.agencies: dict[str, Agency] = {}
        self.blank_forms: dict[tuple[int, int, int], BlankForm] = {}
        self.procedures: list[dict[str, Any]] = []
        self.resolved: list[tuple[Agency, ...]] = []

    def add(self, path: str, messages: list[str]) -> None:
        self.problems += [ImportProblem(path, message) for message in messages]

    def check(self) -> None:
        self._check_fields()
        codes: dict[str, int] = {}
        for index, raw in enumerate(self.document["procedures"]):
            where = f"$.procedures[{index}]"
            if raw["code"] in codes:
                self.add(
                    f"{where}.code",
                    [f"Mã thủ tục «{raw['code']}» lặp lại ($.procedures[{codes[raw['code']]}])."],
                )
            codes.setdefault(raw["code"], index)
            self.procedures.append(self._procedure(index, raw, where))

    def _check_fields(self) -> None:
        seen: set[str] = set()
        for index, item in enumerate(self.document.get("fields", [])):
            where = f"$.fields[{index}]"
            problems = field_problems(code=item["code"], name=item["name"], check_unique=False)
            if item["code"] in seen:
                problems["code"].append(f"Mã lĩnh vực «{item['code']}» lặp lại.")
            seen.add(item["code"])
            for key, messages in problems.items():
                self.add(f"{where}.{key}", messages)

    def _resolve_agency(self, code: str) -> Agency | None:
        if code not in self.agencies:
            found = list(Agency.objects.filter(Q(identifier_code=code) | Q(internal_code=code))[:2])
            if len(found) != 1:
                return None
            self.agencies[code] = found[0]
        return self.agencies[code]

    def _procedure(self, index: int, raw: dict[str, Any], where: str) -> dict[str, Any]:
        agencies = raw.get("implementing_agencies", {})
        rules = [
            {
                "level": rule["level"],
                "kind": rule.get("kind", ""),
                "name_contains": rule.get("name_contains", ""),
            }
            for rule in agencies.get("rules", [])
        ]
        resolved = []
        for position, code in enumerate(agencies.get("codes", [])):
            agency = self._resolve_agency(code)
            if agency is None:
                self.add(
                    f"{where}.implementing_agencies.codes[{position}]",
                    [f"Không tìm thấy đúng một cơ quan có mã định danh hoặc mã nội bộ «{code}»."],
                )
            else:
                resolved.append(agency)
        self.resolved.append(tuple(resolved))
        codes = [agency_code(agency) for agency in resolved]
        for position, rule in enumerate(rules):
            self.add(
                f"{where}.implementing_agencies.rules[{position}]", agency_rule_problems(AgencyRule(**rule))
            )
        if raw["field"] not in self.known_fields:
            self.add(
                f"{where}.field",
                [f"Không có lĩnh vực mã «{raw['field']}» trong tệp (mục fields) hay trong CSDL."],
            )
        data = _procedure_data(raw, rules, field=ProcedureField(code=raw["field"]), agencies=())
        for key, messages in procedure_problems(data, check_unique=False).items():
            if key in _PROCEDURE_KEYS:  # the other keys are covered by the structure check
                self.add(f"{where}.{_PROCEDURE_KEYS[key]}", messages)
        for position, fee in enumerate(raw.get("fees", [])):
            self.add(
                f"{where}.fees[{position}]", [m[0].upper() + m[1:] for m in fee_problems(_fee_data(fee))]
            )
        cases = [
            self._case(index, position, case, f"{where}.cases[{position}]")
            for position, case in enumerate(raw["cases"])
        ]
        seen: dict[str, int] = {}
        for position, case in enumerate(raw["cases"]):
            if case["code"] in seen:
                self.add(
                    f"{where}.cases[{position}].code",
                    [f"Mã trường hợp «{case['code']}» lặp lại trong thủ tục."],
                )
            seen.setdefault(case["code"], position)
        return {
            "code": raw["code"],
            "name": raw["name"],
            "field": raw["field"],
            "levels": sorted_levels(raw["levels"]),
            "implementing_agencies": {"rules": rules, "codes": sorted(codes)},
            "online_service": raw["online_service"],
            "supplement_policy": raw.get("supplement_policy", "pause"),
            "is_active": raw.get("is_active", True),
            "legal_basis": raw.get("legal_basis", []),
            "result_documents": raw.get("result_documents", []),
            "fees": [
                {"kind": fee["kind"], "amount": fee["amount"], "description": fee["description"]}
                for fee in raw.get("fees", [])
            ],
            "cases": cases,
            "notes": raw.get("notes", ""),
        }

    def _case(self, p_index: int, c_index: int, raw: dict[str, Any], where: str) -> dict[str, Any]:
        data = _case_data(raw)
        for key, messages in case_problems(Procedure(), data).items():
            self.add(f"{where}.{_CASE_KEYS[key]}", messages)
        self.add(f"{where}.steps", steps_problems(data, [_step_data(step) for step in raw["steps"]]))
        components = []
        seen: set[str] = set()
        for position, item in enumerate(raw.get("components", [])):
            here = f"{where}.components[{position}]"
            for key, messages in component_problems(ProcedureCase(), _component_data(item)).items():
                self.add(f"{here}.{_COMPONENT_KEYS[key]}", messages)
            if item["code"] in seen:
                self.add(f"{here}.code", [f"Mã thành phần hồ sơ «{item['code']}» lặp lại trong trường hợp."])
            seen.add(item["code"])
            blank_form = self._blank_form(item.get("blank_form"), here, (p_index, c_index, position))
            components.append({**_component_dict(item), "blank_form": blank_form})
        time_limit = raw["time_limit"]
        return {
            "code": raw["code"],
            "name": raw["name"],
            "is_active": raw.get("is_active", True),
            "time_limit": None
            if time_limit is None
            else {"amount": time_limit["amount"], "unit": time_limit["unit"]},
            "components": components,
            "steps": [
                {
                    "name": s["name"],
                    "role": s["role"],
                    "unit": s.get("unit", ""),
                    "hours": hours_to_json(_hours(s["hours"])),
                }
                for s in raw["steps"]
            ],
            "form_schema": raw.get("form_schema", {}),
        }

    def _blank_form(
        self, raw: dict[str, Any] | None, where: str, key: tuple[int, int, int]
    ) -> dict[str, str] | None:
        if raw is None:
            return None
        name = raw["file"]
        problems = blank_form_problems(BlankForm(name, b""))
        if problems or self.files_dir is None:
            self.add(
                f"{where}.blank_form.file",
                problems or ["Tệp có mẫu đính kèm nhưng không có thư mục chứa tệp mẫu."],
            )
            return None
        try:
            content = (self.files_dir / name).read_bytes()
        except OSError:
            self.add(
                f"{where}.blank_form.file",
                [f"Không đọc được tệp mẫu «{name}» trong thư mục {self.files_dir}."],
            )
            return None
        digest = hashlib.sha256(content).hexdigest()
        if raw.get("sha256", digest) != digest:
            self.add(f"{where}.blank_form.sha256", [f"SHA-256 của tệp «{name}» không khớp ({digest})."])
        self.add(f"{where}.blank_form.file", blank_form_problems(BlankForm(name, content)))
        self.blank_forms[key] = BlankForm(name, content)
        return {"file": name, "sha256": digest}


def _hours(value: float | int) -> Decimal:
    return Decimal(str(value))


def _fee_data(raw: dict[str, Any]) -> FeeData:
    return FeeData(kind=raw["kind"], amount=raw["amount"], description=raw["description"])


def _step_data(raw: dict[str, Any]) -> StepData:
    return StepData(name=raw["name"], role=raw["role"], hours=_hours(raw["hours"]), unit=raw.get("unit", ""))


def _component_dict(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": raw["code"],
        "name": raw["name"],
        "originals": raw.get("originals", 1),
        "copies": raw.get("copies", 0),
        "mandatory": raw.get("mandatory", True),
    }


def _component_data(raw: dict[str, Any], position: int = 1) -> ComponentData:
    item = _component_dict(raw)
    return ComponentData(
        code=item["code"],
        name=item["name"],
        originals=item["originals"],
        copies=item["copies"],
        is_mandatory=item["mandatory"],
        position=position,
    )


def _case_data(raw: dict[str, Any], position: int = 1) -> CaseData:
    time_limit = raw["time_limit"] or {}
    return CaseData(
        code=raw["code"],
        name=raw["name"],
        time_limit_amount=time_limit.get("amount"),
        time_limit_unit=time_limit.get("unit", ""),
        form_schema=raw.get("form_schema", {}),
        is_active=raw.get("is_active", True),
        position=position,
    )


def _procedure_data(
    raw: dict[str, Any], rules: list[dict[str, str]], *, field: ProcedureField, agencies: tuple[Agency, ...]
) -> ProcedureData:
    return ProcedureData(
        code=raw["code"],
        name=raw["name"],
        field=field,
        levels=tuple(raw["levels"]),
        online_service=raw["online_service"],
        supplement_policy=raw.get("supplement_policy", "pause"),
        is_active=raw.get("is_active", True),
        legal_basis=tuple(raw.get("legal_basis", [])),
        result_documents=tuple(raw.get("result_documents", [])),
        notes=raw.get("notes", ""),
        agency_rules=tuple(AgencyRule(**rule) for rule in rules),
        agencies=agencies,
    )


def catalog_import(*, actor: Actor, document: Any, files_dir: Path | None = None) -> ImportResult:
    """Check the whole document, then create or update every procedure in it (see the module docstring)."""
    issues = schema_issues(FORMAT_SCHEMA, document)
    if issues:
        raise CatalogImportError([_structure_problem(issue) for issue in issues])
    plan = _Plan(document, files_dir)
    plan.check()
    if plan.problems:
        raise CatalogImportError(plan.problems)
    try:
        return _write(actor, plan)
    except ValidationError as error:  # only a concurrent change can break a rule checked above
        raise CatalogImportError([ImportProblem("$", message) for message in error.messages]) from error


def catalog_import_file(*, actor: Actor, path: Path, files_dir: Path | None = None) -> ImportResult:
    """Import a UTF-8 JSON file; blank forms are read from `files_dir`, by default the file's folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogImportError([ImportProblem("$", "Tệp phải được mã hóa UTF-8.")]) from None
    except OSError:
        raise CatalogImportError([ImportProblem("$", f"Không đọc được tệp {path}.")]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"Tệp không phải JSON hợp lệ: lỗi cú pháp tại dòng {error.lineno}, cột {error.colno}."
        raise CatalogImportError([ImportProblem("$", message)]) from None
    return catalog_import(actor=actor, document=document, files_dir=files_dir or path.parent)


@transaction.atomic
def _write(actor: Actor, plan: _Plan) -> ImportResult:
    fields = {field.code: field for field in ProcedureField.objects.select_for_update()}
    fields_created = fields_updated = 0
    for code, name in plan.fields.items():
        existing_field = fields.get(code)
        if existing_field is None:
            fields[code] = field_create(actor=actor, code=code, name=name)
            fields_created += 1
        elif existing_field.name != name:
            fields[code] = field_update(actor=actor, field=existing_field, code=code, name=name)
            fields_updated += 1
    codes = [target["code"] for target in plan.procedures]
    stored = {procedure.code: procedure for procedure in procedure_export_queryset().filter(code__in=codes)}
    created = updated = unchanged = 0
    for index, target in enumerate(plan.procedures):
        existing = stored.get(target["code"])
        if existing is not None and procedure_to_dict(existing) == target:
            procedure_relink_agencies(actor=actor, procedure=existing)
            unchanged += 1
            continue
        data = _procedure_data(
            target,
            target["implementing_agencies"]["rules"],
            field=fields[target["field"]],
            agencies=plan.resolved[index],
        )
        if existing is None:
            procedure = procedure_create(actor=actor, data=data)
            created += 1
        else:
            procedure = procedure_update(actor=actor, procedure=existing, data=data)
            updated += 1
        procedure_set_fees(actor=actor, procedure=procedure, fees=[_fee_data(fee) for fee in target["fees"]])
        _write_cases(actor, plan, procedure, target["cases"], index)
    return ImportResult(created, updated, unchanged, fields_created, fields_updated)


def _write_cases(
    actor: Actor, plan: _Plan, procedure: Procedure, cases: list[dict[str, Any]], index: int
) -> None:
    current = {case.code: case for case in ProcedureCase.objects.filter(procedure=procedure)}
    for position, target in enumerate(cases):
        data = _case_data(target, position=position + 1)
        steps = [_step_data(step) for step in target["steps"]]
        row = current.pop(target["code"], None)
        if row is None:
            row = case_create(actor=actor, procedure=procedure, data=data, steps=steps)
        else:
            row = case_update(actor=actor, case=row, data=data, steps=steps)
        _write_components(actor, plan, row, target["components"], (index, position))
    # Cases left out of the file are deactivated, not deleted: dossiers may refer to them.
    for row in current.values():
        if row.is_active:
            data = CaseData(
                code=row.code,
                name=row.name,
                time_limit_amount=row.time_limit_amount,
                time_limit_unit=row.time_limit_unit,
                form_schema=row.form_schema,
                is_active=False,
                position=row.position,
            )
            case_update(actor=actor, case=row, data=data)


def _write_components(
    actor: Actor, plan: _Plan, case: ProcedureCase, components: list[dict[str, Any]], key: tuple[int, int]
) -> None:
    current = {component.code: component for component in case.components.all()}
    for position, target in enumerate(components):
        data = _component_data(target, position=position + 1)
        blank_form = plan.blank_forms.get((*key, position))
        row = current.pop(target["code"], None)
        if row is None:
            component_create(actor=actor, case=case, data=data, blank_form=blank_form)
            continue
        same_file = (
            blank_form is not None
            and row.blank_form_sha256 == target["blank_form"]["sha256"]
            and PurePosixPath(row.blank_form.name or "").name == blank_form.filename
        )
        component_update(
            actor=actor,
            component=row,
            data=data,
            blank_form=None if same_file else blank_form,
            remove_blank_form=blank_form is None and bool(row.blank_form),
        )
    for row in current.values():
        component_delete(actor=actor, component=row)
