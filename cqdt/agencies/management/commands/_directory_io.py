"""Shared parts of the directory import/export commands: progress bar, error report, actor lookup."""

import csv
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cqdt.agencies.importing import ImportFatalError, ImportReport, table_format
from cqdt.agencies.importing.tables import Source
from cqdt.agencies.services import Actor

Importer = Callable[..., ImportReport]


class ImportCommand(BaseCommand):
    importer: Importer
    what: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp .csv (UTF-8) hoặc .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi vào CSDL")
        parser.add_argument("--user", help="Tên đăng nhập của người thực hiện (ghi vào nhật ký thao tác)")
        parser.add_argument("--report", help="Ghi danh sách lỗi theo dòng ra tệp CSV này")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), highlight=False, soft_wrap=True)
        path = Path(options["file"])
        actor = _actor(options["user"])
        try:
            file_format = table_format(path)
            report = self._run(path, file_format, actor, options["dry_run"], console)
        except ImportFatalError as error:
            raise CommandError(f"Không nhập được tệp (không ghi dữ liệu nào): {error.message}") from error
        for warning in report.warnings:
            console.print(f"[yellow]Cảnh báo:[/] {warning}")
        if report.errors:
            table = Table("Dòng", "Cột", "Lỗi", title=f"{report.failed_rows} dòng lỗi (không được nhập)")
            for row_error in report.errors:
                table.add_row(str(row_error.row), row_error.column, row_error.message)
            console.print(table)
        if options["report"]:
            _write_report(Path(options["report"]), report)
        prefix = "Chạy thử (không ghi vào CSDL): " if report.dry_run else ""
        console.print(
            f"{prefix}{report.total_rows} dòng {self.what}: {report.created} thêm mới, "
            f"{report.updated} cập nhật, {report.unchanged} không đổi, {report.failed_rows} lỗi."
        )

    def _run(
        self, path: Source, file_format: str, actor: Actor, dry_run: bool, console: Console
    ) -> ImportReport:
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"Nhập {self.what}", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            importer = type(self).importer
            return importer(path, file_format=file_format, actor=actor, dry_run=dry_run, progress=advance)


def _actor(username: str | None) -> Actor:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có người dùng “{username}”.")
    return user


def _write_report(path: Path, report: ImportReport) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Dòng", "Cột", "Lỗi"])
        for error in report.errors:
            writer.writerow([error.row, error.column, error.message])
