"""Catalogue rows as the documents of the JSON exchange format (docs/catalog-format.md).

The functions read only related rows that the caller prefetched with `selectors.procedure_export_queryset`,
so exporting many procedures costs a fixed number of queries.
"""

from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from cqdt.agencies.models import GovernmentLevel
from cqdt.catalog.models import (
    AgencyLinkSource,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureField,
    ProcessStep,
    RequiredComponent,
)

FORMAT_NAME = "cqdt-catalog"
FORMAT_VERSION = 1
_LEVEL_ORDER = {level: index for index, level in enumerate(GovernmentLevel.values)}


def hours_to_json(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def agency_code(agency: Any) -> str:
    return str(agency.identifier_code or agency.internal_code)


def sorted_levels(levels: list[str]) -> list[str]:
    return sorted(levels, key=lambda level: _LEVEL_ORDER.get(level, len(_LEVEL_ORDER)))


def field_to_dict(field: ProcedureField) -> dict[str, Any]:
    return {"code": field.code, "name": field.name}


def fee_to_dict(fee: Fee) -> dict[str, Any]:
    return {"kind": fee.kind, "amount": fee.amount, "description": fee.description}


def step_to_dict(step: ProcessStep) -> dict[str, Any]:
    return {"name": step.name, "role": step.role, "unit": step.unit, "hours": hours_to_json(step.hours)}


def component_to_dict(component: RequiredComponent) -> dict[str, Any]:
    blank_form = None
    if component.blank_form:
        blank_form = {
            "file": PurePosixPath(component.blank_form.name or "").name,
            "sha256": component.blank_form_sha256,
        }
    return {
        "code": component.code,
        "name": component.name,
        "originals": component.originals,
        "copies": component.copies,
        "mandatory": component.is_mandatory,
        "blank_form": blank_form,
    }


def case_to_dict(case: ProcedureCase) -> dict[str, Any]:
    time_limit = None
    if case.time_limit_amount is not None:
        time_limit = {"amount": case.time_limit_amount, "unit": case.time_limit_unit}
    return {
        "code": case.code,
        "name": case.name,
        "is_active": case.is_active,
        "time_limit": time_limit,
        "components": [component_to_dict(component) for component in case.components.all()],
        "steps": [step_to_dict(step) for step in case.steps.all()],
        "form_schema": case.form_schema,
    }


def procedure_to_dict(procedure: Procedure) -> dict[str, Any]:
    links = list(procedure.agency_links.all())
    explicit = sorted(agency_code(link.agency) for link in links if link.source == AgencyLinkSource.EXPLICIT)
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.code,
        "levels": sorted_levels([row.level for row in procedure.levels.all()]),
        "implementing_agencies": {"rules": procedure.agency_rules, "codes": explicit},
        "online_service": procedure.online_service,
        "supplement_policy": procedure.supplement_policy,
        "is_active": procedure.is_active,
        "legal_basis": procedure.legal_basis,
        "result_documents": procedure.result_documents,
        "fees": [fee_to_dict(fee) for fee in procedure.fees.all()],
        "cases": [case_to_dict(case) for case in procedure.cases.all()],
        "notes": procedure.notes,
    }


def document(fields: list[ProcedureField], procedures: list[Procedure]) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "fields": [field_to_dict(field) for field in fields],
        "procedures": [procedure_to_dict(procedure) for procedure in procedures],
    }
