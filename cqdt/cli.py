"""The `cqdt` command: demo, serve, worker, manage."""

import os
import signal
import subprocess
import sys
from collections.abc import Sequence

USAGE = """Cách dùng: cqdt <lệnh> [tham số]

  demo            tạo CSDL SQLite trong var/, nạp tỉnh mẫu, chạy web + worker tại http://127.0.0.1:8000
  serve           chạy web (gunicorn) cho môi trường thật; cấu hình bằng biến CQDT_*
  worker          chạy worker tác vụ nền và tác vụ định kỳ
  generate ...    sinh dữ liệu hồ sơ giả lập để đo hiệu năng (--dossiers N --seed S [--years 3])
  manage ...      lệnh quản trị của Django (migrate, createsuperuser, ...)
"""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqdt.settings")
    import django

    django.setup()


def _manage(args: Sequence[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqdt.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cqdt manage", *args])


def serve(args: Sequence[str]) -> int:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG:
        print(
            "Từ chối khởi động: CQDT_DEBUG đang bật. Môi trường thật phải tắt chế độ gỡ lỗi.", file=sys.stderr
        )
        return 2
    if settings.SECRET_KEY == settings.INSECURE_DEFAULT_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        print("Từ chối khởi động: đặt CQDT_SECRET_KEY (ít nhất 32 ký tự, bí mật).", file=sys.stderr)
        return 2
    call_command("collectstatic", "--noinput", verbosity=0)
    bind = os.environ.get("CQDT_BIND", "127.0.0.1:8000")
    workers = os.environ.get("CQDT_WEB_WORKERS", str((os.cpu_count() or 1) * 2 + 1))
    if not settings.CQDT_CACHE_URL and workers != "1":
        print(
            "Cảnh báo: chưa đặt CQDT_CACHE_URL. Mỗi tiến trình web dùng bộ nhớ đệm riêng, nên giới hạn "
            "số lần tra cứu và bộ đệm tra cứu hồ sơ không dùng chung; môi trường thật nên dùng Redis.",
            file=sys.stderr,
        )
    threads = os.environ.get("CQDT_WEB_THREADS", "1")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cqdt.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--threads",
        threads,
        "--access-logfile",
        "-",
        # Workers are forked from a master that has already imported the project: a recycled worker is
        # ready in milliseconds instead of the second an import takes, which would stall every request
        # queued behind it (and the code pages are shared between workers).
        "--preload",
        # Recycling bounds what a slow leak could grow to; at thousands of requests a second, a low limit
        # would restart every worker every few seconds.
        "--max-requests",
        os.environ.get("CQDT_WEB_MAX_REQUESTS", "50000"),
        "--max-requests-jitter",
        "5000",
        *args,
    ]
    os.execvp(command[0], command)  # noqa: S606
    return 0


def worker(args: Sequence[str]) -> int:
    _manage(["worker", *args])
    return 0


def demo(args: Sequence[str]) -> int:
    os.environ.setdefault("CQDT_DEBUG", "1")
    os.environ.setdefault("CQDT_SECURE_COOKIES", "0")
    # The demo has no mail server: the notices it sends are printed on this console instead.
    os.environ.setdefault("CQDT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from cqdt.demo.seed import print_demo_accounts, seed_demo_province

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", "--noinput", verbosity=0)
    print_demo_accounts(seed_demo_province())
    if "--no-serve" in args:
        return 0
    python = sys.executable
    children = [
        subprocess.Popen([python, "-m", "cqdt.cli", "worker"]),  # noqa: S603
        subprocess.Popen([python, "-m", "cqdt.cli", "manage", "runserver", "--noreload", "127.0.0.1:8000"]),  # noqa: S603
    ]
    try:
        return children[1].wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def generate(args: Sequence[str]) -> int:
    _setup_django()
    from cqdt.generate.command import main as generate_main

    return generate_main(args)


COMMANDS = {"demo": demo, "serve": serve, "worker": worker, "generate": generate}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    name, rest = args[0], args[1:]
    if name == "manage":
        _manage(rest)
        return 0
    if name not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    return COMMANDS[name](rest)


if __name__ == "__main__":
    sys.exit(main())
