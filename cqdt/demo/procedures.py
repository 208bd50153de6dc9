"""The demo catalogue: 31 real procedures (hộ tịch, chứng thực, hộ kinh doanh, doanh nghiệp, xây dựng,
đất đai, thương mại, y tế) loaded from `data/procedures.json` through the catalogue importer.

Details not verified against the official texts are listed in each procedure's `notes` and in
docs/catalog-format.md ("Dữ liệu mẫu: mức độ tin cậy"). Needs the demo directory (agency codes and commune
People's Committees); running it again changes nothing.
"""

from pathlib import Path

from cqdt.catalog.services import catalog_import_file

DATA_FILE = Path(__file__).resolve().parent / "data" / "procedures.json"


def seed_procedures() -> int:
    """Create or update the demo procedures; returns how many procedures the file holds."""
    return catalog_import_file(actor=None, path=DATA_FILE).procedures
