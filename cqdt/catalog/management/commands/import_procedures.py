"""`import_procedures <file.json>`: load the catalogue exchange file (all or nothing)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cqdt.catalog.services import CatalogImportError, catalog_import_file


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp JSON (định dạng docs/catalog-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp JSON cần nhập.")
        parser.add_argument(
            "--files-dir",
            type=Path,
            default=None,
            help="Thư mục chứa tệp mẫu đơn, tờ khai (mặc định: thư mục của tệp JSON).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = catalog_import_file(actor=None, path=options["file"], files_dir=options["files_dir"])
        except CatalogImportError as error:
            raise CommandError(error.report()) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {result.procedures} thủ tục: {result.created} thêm mới, {result.updated} cập nhật, "
                f"{result.unchanged} không đổi; lĩnh vực: {result.fields_created} thêm mới, "
                f"{result.fields_updated} cập nhật."
            )
        )
