"""Test helpers: a real SMTP server (aiosmtpd) and an SMS/Zalo gateway on 127.0.0.1, the database worker,
sample contexts."""

import json
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from django_tasks_db.management.commands.db_worker import Worker


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RecordingHandler:
    """Accepts every message and keeps its envelope."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 OK"


class RefusingHandler(RecordingHandler):
    """Refuses every recipient with a permanent error, as a server does for a mailbox that does not exist."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        return "550 5.1.1 Mailbox unavailable"


class SmtpServer:
    def __init__(self, handler: RecordingHandler, port: int) -> None:
        self.handler = handler
        self.port = port
        self.controller = Controller(handler, hostname="127.0.0.1", port=port)

    @property
    def envelopes(self) -> list[Envelope]:
        return self.handler.envelopes

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def point_email_at(settings: Any, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "CQĐT <no-reply@cqdt.example.vn>"
    settings.CQDT_TASK_BACKOFF_SECONDS = 30


class Gateway:
    """An SMS brandname / Zalo gateway on 127.0.0.1 speaking docs/portal.md's format.

    It records every request and answers with `status` and `answer`, which a test may change between
    requests.
    """

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        self.answer: dict[str, object] = {"code": "00", "message": "Thành công", "message_id": "gw-1"}
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                gateway.requests.append(
                    {
                        "path": self.path,
                        "authorization": self.headers["Authorization"],
                        "content_type": self.headers["Content-Type"],
                        "body": json.loads(self.rfile.read(length).decode("utf-8")),
                    }
                )
                payload = json.dumps(gateway.answer, ensure_ascii=False).encode("utf-8")
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [request["body"] for request in self.requests]

    def __enter__(self) -> "Gateway":
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def point_gateway_at(settings: Any, channel: str, url: str) -> None:
    """Configure the SMS ("sms") or Zalo ("zalo") gateway as the operator would."""
    prefix = f"CQDT_{channel.upper()}"
    setattr(settings, f"{prefix}_URL", url)
    setattr(settings, f"{prefix}_TOKEN", f"{channel}-token")
    setattr(settings, f"{prefix}_SENDER", "UBND-LANGSON" if channel == "sms" else "oa-1234")
    setattr(settings, f"{prefix}_TIMEOUT", 5)


def run_ready_tasks() -> None:
    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


def received_context(**overrides: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "applicant_name": "Nguyễn Văn An",
        "dossier_code": "H56.22-251120-0001",
        "procedure_name": "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ",
        "agency_name": "UBND phường Đông Kinh",
        "lookup_url": "https://dichvucong.langson.gov.vn/tra-cuu-ho-so",
        "received_at": datetime(2025, 11, 20, 1, 30, tzinfo=UTC),
        "appointment_at": datetime(2025, 12, 4, 9, 0, tzinfo=UTC),
    }
    context.update(overrides)
    return context


RECEIVED_BODY = """\
Kính gửi Ông/Bà Nguyễn Văn An,

UBND phường Đông Kinh đã tiếp nhận hồ sơ của Ông/Bà.

- Mã hồ sơ: H56.22-251120-0001
- Thủ tục: Cấp giấy phép xây dựng đối với nhà ở riêng lẻ
- Thời điểm tiếp nhận: 20/11/2025 08:30
- Ngày hẹn trả kết quả: 04/12/2025 16:00

Hồ sơ đang được giải quyết theo quy định. Trường hợp có thay đổi, cơ quan sẽ thông báo để Ông/Bà biết.

Ông/Bà có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ H56.22-251120-0001 tại địa chỉ:
https://dichvucong.langson.gov.vn/tra-cuu-ho-so

Trân trọng,
UBND phường Đông Kinh

--
Thư này được gửi tự động từ hệ thống dịch vụ công, vui lòng không trả lời thư này.
"""
