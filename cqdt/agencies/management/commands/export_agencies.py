from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cqdt.agencies.exporting import export_administrative_units, export_agencies
from cqdt.agencies.importing import ImportFatalError, table_format


class Command(BaseCommand):
    help = "Xuất danh bạ cơ quan, đơn vị (hoặc đơn vị hành chính với --units) ra tệp .csv hoặc .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp đích .csv hoặc .xlsx (định dạng theo phần mở rộng)")
        parser.add_argument("--units", action="store_true", help="Xuất đơn vị hành chính thay cho cơ quan")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            file_format = table_format(path)
        except ImportFatalError as error:
            raise CommandError(error.message) from error
        exporter = export_administrative_units if options["units"] else export_agencies
        try:
            count = exporter(path, file_format=file_format)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{path}”: {error.strerror or error}.") from error
        what = "đơn vị hành chính" if options["units"] else "cơ quan, đơn vị"
        self.stdout.write(f"Đã xuất {count} {what} ra {path}.")
