"""Writes to the procedure catalogue (CSDL TTHC).

Every function runs in a transaction, locks what it changes, validates with the rules of
`cqdt.catalog.validation`, saves and writes an audit row. Validation errors are `ValidationError`s keyed by
field name, with Vietnamese messages. Other apps import from this package, not from its modules.
"""

from cqdt.catalog.services.cases import (
    blank_form_problems,
    case_create,
    case_problems,
    case_set_steps,
    case_update,
    case_validate_form_data,
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
from cqdt.catalog.services.importer import (
    CatalogImportError,
    ImportProblem,
    ImportResult,
    catalog_import,
    catalog_import_file,
)
from cqdt.catalog.services.procedures import (
    agency_rule_problems,
    fee_problems,
    field_create,
    field_problems,
    field_update,
    procedure_create,
    procedure_explicit_agencies,
    procedure_problems,
    procedure_relink_agencies,
    procedure_set_fees,
    procedure_update,
    rule_matches,
)

__all__ = [
    "Actor",
    "AgencyRule",
    "BlankForm",
    "CaseData",
    "CatalogImportError",
    "ComponentData",
    "FeeData",
    "ImportProblem",
    "ImportResult",
    "ProcedureData",
    "StepData",
    "agency_rule_problems",
    "blank_form_problems",
    "case_create",
    "case_problems",
    "case_set_steps",
    "case_update",
    "case_validate_form_data",
    "catalog_import",
    "catalog_import_file",
    "component_create",
    "component_delete",
    "component_problems",
    "component_update",
    "fee_problems",
    "field_create",
    "field_problems",
    "field_update",
    "procedure_create",
    "procedure_explicit_agencies",
    "procedure_problems",
    "procedure_relink_agencies",
    "procedure_set_fees",
    "procedure_update",
    "rule_matches",
    "steps_problems",
]
