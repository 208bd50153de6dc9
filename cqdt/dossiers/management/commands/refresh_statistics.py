"""`cqdt manage refresh_statistics [--since YYYY-MM]`: recompute the monthly statistics summary.

Every month from `--since` (default: January of the year of the oldest received dossier) to the current
month is recomputed, computed or not: use it after importing old dossiers or correcting data of a month the
periodic refresh no longer touches.
"""

import time
from datetime import date, datetime
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cqdt.dossiers.services import statistics_current_month, statistics_first_month, statistics_months_refresh
from cqdt.dossiers.statistics.months import months_between


def _month(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"Tháng “{text}” không hợp lệ: cần dạng YYYY-MM, ví dụ 2025-01.") from error


class Command(BaseCommand):
    help = "Tổng hợp lại số liệu thống kê hồ sơ theo tháng (từ tháng --since đến tháng hiện tại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            metavar="YYYY-MM",
            help="Tháng đầu tiên cần tổng hợp; mặc định: tháng 1 của năm có hồ sơ tiếp nhận sớm nhất.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), highlight=False, soft_wrap=True)
        current = statistics_current_month()
        first = _month(options["since"]) if options["since"] else statistics_first_month()
        if first is None:
            console.print("Chưa có hồ sơ nào được tiếp nhận: không có tháng nào để tổng hợp.")
            return
        if first > current:
            raise CommandError(f"Tháng {first:%m/%Y} chưa bắt đầu, chưa tổng hợp được.")
        months = months_between(first, current)
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        rows = 0
        started = time.monotonic()
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Tổng hợp thống kê", total=len(months))
            for month in months:
                progress.update(task, description=f"Tổng hợp tháng {month:%m/%Y}")
                rows += statistics_months_refresh(months=[month])
                progress.advance(task)
        console.print(
            f"Đã tổng hợp {len(months)} tháng ({first:%m/%Y}–{current:%m/%Y}), {rows} dòng, "
            f"trong {time.monotonic() - started:.1f} giây."
        )
