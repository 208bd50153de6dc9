"""`cqdt generate`: a synthetic province's worth of dossiers, with a progress bar and a summary."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime, time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

PHASES = {"load": "Sinh và nạp hồ sơ", "indexes": "Tạo lại chỉ mục, ràng buộc"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cqdt generate",
        description="Sinh dữ liệu hồ sơ giả lập (tỉnh mẫu) để đo hiệu năng. Chỉ dùng cho CSDL thử nghiệm.",
    )
    parser.add_argument("--dossiers", type=int, required=True, help="số hồ sơ cần sinh")
    parser.add_argument(
        "--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)"
    )
    parser.add_argument(
        "--years", type=float, default=3, help="số năm dữ liệu tính ngược từ --until (mặc định 3)"
    )
    parser.add_argument(
        "--until",
        type=_until,
        default=None,
        help="thời điểm cuối, YYYY-MM-DD hoặc ISO 8601 (mặc định: bây giờ); cố định để tái lập dữ liệu",
    )
    parser.add_argument(
        "--processes", type=int, default=None, help="số tiến trình sinh dữ liệu (mặc định: số lõi CPU)"
    )
    return parser


def _until(value: str) -> datetime:
    from django.utils import timezone

    from cqdt.core.calendar import legal_time_zone

    moment = datetime.fromisoformat(value)
    if len(value) == 10:
        moment = datetime.combine(moment.date(), time(17, 0))
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=legal_time_zone())
    return moment


def main(args: Sequence[str], console: Console | None = None) -> int:
    from cqdt.generate.province import generate_province

    options = _parser().parse_args(list(args))
    console = console or Console()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total)
            bar.update(tasks[phase], completed=done, total=total)

        report = generate_province(
            dossiers=options.dossiers,
            seed=options.seed,
            years=options.years,
            until=options.until,
            processes=options.processes,
            progress=progress,
        )
    table = Table(title=f"Đã sinh {report.dossiers:,} hồ sơ (hạt giống {report.seed})".replace(",", "."))
    table.add_column("Bảng")
    table.add_column("Số dòng", justify="right")
    for name, count in report.rows.items():
        table.add_row(name, f"{count:,}".replace(",", "."))
    table.add_row("code counters", f"{report.counters:,}".replace(",", "."))
    console.print(table)
    console.print(f"Khoảng thời gian: {report.since:%d/%m/%Y} – {report.until:%d/%m/%Y %H:%M}")
    console.print(
        "Trạng thái: " + ", ".join(f"{status}: {count}" for status, count in report.statuses.items())
    )
    console.print(
        "Kênh nộp: " + ", ".join(f"{channel}: {count}" for channel, count in report.channels.items())
    )
    console.print("Thời gian (giây): " + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))
    return 0
