from cqdt.agencies.importing import import_agencies
from cqdt.agencies.management.commands._directory_io import ImportCommand


class Command(ImportCommand):
    help = "Nhập danh bạ cơ quan, đơn vị từ tệp CSV (UTF-8) hoặc XLSX; xem docs/agency-import-format.md."
    importer = staticmethod(import_agencies)
    what = "cơ quan, đơn vị"
