"""`manage.py create_api_token <username>`: print a personal bearer token for the dossier API."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cqdt.dossiers.api_auth import api_token_create, max_age_seconds


class Command(BaseCommand):
    help = "Cấp mã truy cập (bearer token) API hồ sơ một cửa cho một tài khoản cán bộ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của cán bộ.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”.")
        try:
            token = api_token_create(user=user)
        except ValueError as error:
            raise CommandError(str(error)) from error
        days = max_age_seconds() // 86400
        self.stderr.write(
            f"Mã truy cập của {user.username}, hiệu lực {days} ngày; mất hiệu lực khi đổi mật khẩu. "
            "Gửi kèm tiêu đề: Authorization: Bearer <mã>"
        )
        self.stdout.write(token)
