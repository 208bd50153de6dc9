"""Writes to the agency directory: the agency tree and administrative units.

Every function runs in one transaction, locks the rows it changes, validates, saves and writes an audit row.
Validation errors are `ValidationError`s keyed by model field name, with Vietnamese messages.
"""

from cqdt.agencies.services.administrative_units import (
    ADMINISTRATIVE_UNIT_FIELDS,
    AdministrativeUnitChanges,
    administrative_unit_close,
    administrative_unit_create,
    administrative_unit_update,
)
from cqdt.agencies.services.agencies import (
    AGENCY_FIELDS,
    AgencyChanges,
    agency_check_parent,
    agency_close,
    agency_create,
    agency_move,
    agency_update,
)
from cqdt.agencies.services.common import Actor

__all__ = [
    "ADMINISTRATIVE_UNIT_FIELDS",
    "AGENCY_FIELDS",
    "Actor",
    "AdministrativeUnitChanges",
    "AgencyChanges",
    "administrative_unit_close",
    "administrative_unit_create",
    "administrative_unit_update",
    "agency_check_parent",
    "agency_close",
    "agency_create",
    "agency_move",
    "agency_update",
]
