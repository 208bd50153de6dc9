from cqdt.agencies.importing import import_administrative_units
from cqdt.agencies.management.commands._directory_io import ImportCommand


class Command(ImportCommand):
    help = "Nhập đơn vị hành chính từ tệp CSV (UTF-8) hoặc XLSX; xem docs/agency-import-format.md."
    importer = staticmethod(import_administrative_units)
    what = "đơn vị hành chính"
