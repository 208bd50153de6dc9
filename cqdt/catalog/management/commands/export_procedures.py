"""`export_procedures <file.json>`: write the catalogue in the exchange format, with its blank form files."""

import json
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cqdt.catalog.selectors import blank_form_components, catalog_export


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục hành chính ra tệp JSON; tệp mẫu đơn, tờ khai được chép vào cùng thư mục."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp JSON sẽ ghi.")
        parser.add_argument(
            "--code", action="append", dest="codes", help="Chỉ xuất thủ tục có mã này (lặp lại được)."
        )
        parser.add_argument(
            "--files-dir",
            type=Path,
            default=None,
            help="Thư mục ghi tệp mẫu (mặc định: thư mục của tệp JSON).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        codes = options["codes"]
        files_dir: Path = options["files_dir"] or path.parent
        document = catalog_export(codes=codes)
        written: dict[str, str] = {}
        for component in blank_form_components(codes=codes):
            name = PurePosixPath(component.blank_form.name or "").name
            if written.get(name, component.blank_form_sha256) != component.blank_form_sha256:
                raise CommandError(
                    f"Hai tệp mẫu khác nhau cùng tên «{name}»; hãy đổi tên một tệp rồi xuất lại."
                )
            if name not in written:
                files_dir.mkdir(parents=True, exist_ok=True)
                with component.blank_form.open("rb") as source, (files_dir / name).open("wb") as target:
                    shutil.copyfileobj(source, target)
                written[name] = component.blank_form_sha256
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xuất {len(document['procedures'])} thủ tục và {len(written)} tệp mẫu ra {path}."
            )
        )
