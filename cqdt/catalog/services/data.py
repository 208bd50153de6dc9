"""Inputs of the catalogue services and small helpers shared by them."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from cqdt.agencies.models import Agency
from cqdt.catalog.models import OnlineServiceType, ProcedureField, SupplementPolicy

Actor = AbstractBaseUser | AnonymousUser | None
Problems = dict[str, list[str]]


@dataclass(frozen=True)
class AgencyRule:
    """Link every active agency of `level` (and of `kind`, and whose name contains `name_contains`)."""

    level: str
    kind: str = ""
    name_contains: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"level": self.level, "kind": self.kind, "name_contains": self.name_contains}


@dataclass(frozen=True)
class ProcedureData:
    code: str
    name: str
    field: ProcedureField
    levels: tuple[str, ...]
    online_service: str = OnlineServiceType.NONE
    supplement_policy: str = SupplementPolicy.PAUSE
    is_active: bool = True
    legal_basis: tuple[str, ...] = ()
    result_documents: tuple[str, ...] = ()
    notes: str = ""
    agency_rules: tuple[AgencyRule, ...] = ()
    agencies: tuple[Agency, ...] = ()


@dataclass(frozen=True)
class FeeData:
    kind: str
    amount: int | None
    description: str


@dataclass(frozen=True)
class CaseData:
    code: str
    name: str
    time_limit_amount: int | None = None
    time_limit_unit: str = ""
    form_schema: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True
    position: int = 1


@dataclass(frozen=True)
class StepData:
    name: str
    role: str
    hours: Decimal
    unit: str = ""


@dataclass(frozen=True)
class ComponentData:
    code: str
    name: str
    originals: int = 1
    copies: int = 0
    is_mandatory: bool = True
    position: int = 1


@dataclass(frozen=True)
class BlankForm:
    """A blank form file to store: its file name (no folders) and content."""

    filename: str
    content: bytes


def raise_problems(problems: Problems) -> None:
    problems = {key: messages for key, messages in problems.items() if messages}
    if problems:
        raise ValidationError(problems)


def text_problems(value: str, *, label: str, max_length: int) -> list[str]:
    if not value.strip():
        return [f"{label} không được để trống."]
    if len(value) > max_length:
        return [f"{label} không được dài quá {max_length} ký tự."]
    return []


def list_problems(values: Sequence[str], *, label: str) -> list[str]:
    return [
        f"{label} thứ {index} không được để trống."
        for index, value in enumerate(values, 1)
        if not value.strip()
    ]
