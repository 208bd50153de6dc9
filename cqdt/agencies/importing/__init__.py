"""Import of the agency directory and administrative units from CSV (UTF-8) and XLSX files."""

from cqdt.agencies.importing.agencies import AGENCY_COLUMNS, import_agencies
from cqdt.agencies.importing.tables import ImportFatalError, ImportReport, RowError, table_format
from cqdt.agencies.importing.units import UNIT_COLUMNS, import_administrative_units

__all__ = [
    "AGENCY_COLUMNS",
    "UNIT_COLUMNS",
    "ImportFatalError",
    "ImportReport",
    "RowError",
    "import_administrative_units",
    "import_agencies",
    "table_format",
]
