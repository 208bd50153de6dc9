from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cqdt.core.worker import run_worker


class Command(BaseCommand):
    help = "Chạy worker xử lý tác vụ nền và tác vụ định kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Giây chờ giữa hai lần kiểm tra hàng đợi."
        )
        parser.add_argument("--batch", action="store_true", help="Chạy hết các tác vụ đang chờ rồi dừng.")

    def handle(self, *args: Any, interval: float, batch: bool, **options: Any) -> None:
        run_worker(interval=interval, batch=batch)
