"""Provider adapters for SMS (brandname) and Zalo messages, over one documented HTTP format.

Vietnamese SMS brandname gateways and Zalo notification services are all "POST a JSON body with a bearer
token, read a JSON answer with a result code". A province puts a small relay in front of its contracted
gateway if that gateway speaks another dialect; the format is in docs/portal.md ("Gửi SMS và Zalo").

    POST {url}
    Authorization: Bearer {token}
    Content-Type: application/json; charset=utf-8

    {"channel": "sms", "sender": "UBND-LANGSON", "to": "84912345678", "text": "...",
     "reference": "<message id, the same on every retry>"}

    200 {"code": "00", "message": "Thành công", "message_id": "gw-123"}   → sent
    200 {"code": "<other>", "message": "..."}                             → refused for good
    HTTP 4xx except 408/429                                               → refused for good
    HTTP 5xx, 408, 429, timeouts, connection errors                       → temporary, retried

The gateway must treat a repeated `reference` as the same message (idempotency), so a retry after a lost
answer does not send twice.
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

SUCCESS_CODE = "00"
_RETRYABLE_HTTP = frozenset({408, 429})
_PHONE = re.compile(r"^0\d{9,10}$")


class ProviderError(Exception):
    """A temporary failure: the delivery task retries with backoff."""


class ProviderRefusedError(ProviderError):
    """The gateway refused the message for good (bad number, blocked content, bad credentials)."""


@dataclass(frozen=True)
class HttpProvider:
    channel: str  # "sms" or "zalo"
    url: str
    token: str
    sender: str
    timeout: float = 15.0

    def send(self, *, recipient: str, text: str, reference: str) -> str:
        """Hand one message to the gateway; its message id, or raise ProviderError/ProviderRefusedError."""
        body = json.dumps(
            {
                "channel": self.channel,
                "sender": self.sender,
                "to": international_number(recipient),
                "text": text,
                "reference": reference,
            },
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310  (the URL is the operator's configured gateway)
            self.url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as error:
            detail = f"HTTP {error.code} từ cổng {self.channel}"
            if error.code >= 500 or error.code in _RETRYABLE_HTTP:
                raise ProviderError(detail) from error
            raise ProviderRefusedError(detail) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ProviderError(f"Không kết nối được cổng {self.channel}: {error}") from error
        except ValueError as error:
            raise ProviderError(f"Cổng {self.channel} trả lời không phải JSON.") from error
        code = str(answer.get("code", ""))
        if code != SUCCESS_CODE:
            raise ProviderRefusedError(
                f"Cổng {self.channel} từ chối (mã {code}): {answer.get('message', '')}"
            )
        return str(answer.get("message_id", ""))


def international_number(phone: str) -> str:
    """0912345678 → 84912345678, the form gateways expect."""
    digits = re.sub(r"[\s.\-]", "", phone.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not _PHONE.match(digits):
        raise ProviderRefusedError(f"Số điện thoại “{phone}” không hợp lệ.")
    return "84" + digits[1:]


def provider_for(channel: str) -> HttpProvider | None:
    """The configured adapter for "sms" or "zalo" (settings CQDT_SMS_* / CQDT_ZALO_*); None if not set up."""
    prefix = {"sms": "CQDT_SMS", "zalo": "CQDT_ZALO"}.get(channel)
    if prefix is None:
        return None
    url = str(getattr(settings, f"{prefix}_URL", "") or "")
    if not url:
        return None
    return HttpProvider(
        channel=channel,
        url=url,
        token=str(getattr(settings, f"{prefix}_TOKEN", "")),
        sender=str(getattr(settings, f"{prefix}_SENDER", "")),
        timeout=float(getattr(settings, f"{prefix}_TIMEOUT", 15)),
    )
