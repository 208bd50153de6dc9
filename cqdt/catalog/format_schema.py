"""The structure of the catalogue exchange file, as a JSON Schema (Draft 2020-12).

The importer checks a file against it first, then applies the rules that need the database or several
places of the file at once (unique codes, references, step times). Documented in docs/catalog-format.md.
"""

from typing import Any

from cqdt.accounts.models import StaffRole
from cqdt.agencies.models import AgencyKind, GovernmentLevel
from cqdt.catalog.models import FeeKind, OnlineServiceType, SupplementPolicy, TimeLimitUnit
from cqdt.catalog.serialization import FORMAT_NAME, FORMAT_VERSION

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_TEXTS: dict[str, Any] = {"type": "array", "items": _TEXT}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


_FIELD = _object(["code", "name"], {"code": _TEXT, "name": _TEXT})

_RULE = _object(
    ["level"],
    {
        "level": {"enum": GovernmentLevel.values},
        "kind": {"enum": ["", *AgencyKind.values]},
        "name_contains": {"type": "string"},
    },
)

_FEE = _object(
    ["kind", "amount", "description"],
    {
        "kind": {"enum": FeeKind.values},
        "amount": {"type": ["integer", "null"], "minimum": 0},
        "description": _TEXT,
    },
)

_COMPONENT = _object(
    ["code", "name"],
    {
        "code": _TEXT,
        "name": _TEXT,
        "originals": {"type": "integer", "minimum": 0, "maximum": 100},
        "copies": {"type": "integer", "minimum": 0, "maximum": 100},
        "mandatory": {"type": "boolean"},
        "blank_form": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["file"],
            "properties": {"file": _TEXT, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
        },
    },
)

_STEP = _object(
    ["name", "role", "hours"],
    {
        "name": _TEXT,
        "role": {"enum": StaffRole.values},
        "unit": {"type": "string"},
        "hours": {"type": "number", "exclusiveMinimum": 0},
    },
)

_CASE = _object(
    ["code", "name", "time_limit", "steps"],
    {
        "code": _TEXT,
        "name": _TEXT,
        "is_active": {"type": "boolean"},
        "time_limit": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["amount", "unit"],
            "properties": {
                "amount": {"type": "integer", "minimum": 1},
                "unit": {"enum": TimeLimitUnit.values},
            },
        },
        "components": {"type": "array", "items": _COMPONENT},
        "steps": {"type": "array", "items": _STEP},
        "form_schema": {"type": "object"},
    },
)

_PROCEDURE = _object(
    ["code", "name", "field", "levels", "online_service", "cases"],
    {
        "code": _TEXT,
        "name": _TEXT,
        "field": _TEXT,
        "levels": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": GovernmentLevel.values},
        },
        "implementing_agencies": _object(
            [],
            {
                "rules": {"type": "array", "items": _RULE},
                "codes": {"type": "array", "uniqueItems": True, "items": _TEXT},
            },
        ),
        "online_service": {"enum": OnlineServiceType.values},
        "supplement_policy": {"enum": SupplementPolicy.values},
        "is_active": {"type": "boolean"},
        "legal_basis": _TEXTS,
        "result_documents": _TEXTS,
        "fees": {"type": "array", "items": _FEE},
        "cases": {"type": "array", "minItems": 1, "items": _CASE},
        "notes": {"type": "string"},
    },
)

FORMAT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_object(
        ["format", "version", "procedures"],
        {
            "format": {"const": FORMAT_NAME},
            "version": {"const": FORMAT_VERSION},
            "fields": {"type": "array", "items": _FIELD},
            "procedures": {"type": "array", "items": _PROCEDURE},
        },
    ),
}
