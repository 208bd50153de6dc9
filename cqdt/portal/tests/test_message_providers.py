"""SMS and Zalo adapters (cqdt.notifications.providers) against a local gateway that speaks the format."""

import pytest

from cqdt.notifications.providers import (
    HttpProvider,
    ProviderError,
    ProviderRefusedError,
    international_number,
    provider_for,
)
from cqdt.notifications.tests.support import Gateway


@pytest.fixture
def gateway():
    with Gateway() as running:
        yield running


def _sms(gateway: Gateway) -> HttpProvider:
    return HttpProvider(channel="sms", url=gateway.url, token="tok-123", sender="UBND-LANGSON", timeout=5)


def test_sms_is_posted_in_the_documented_format(gateway):
    message_id = _sms(gateway).send(
        recipient="0912 345 678", text="Hồ sơ 000.00.30.H99-260715-0001 đã được tiếp nhận.", reference="msg-7"
    )
    assert message_id == "gw-1"
    assert gateway.requests == [
        {
            "path": "/api/v1/messages",
            "authorization": "Bearer tok-123",
            "content_type": "application/json; charset=utf-8",
            "body": {
                "channel": "sms",
                "sender": "UBND-LANGSON",
                "to": "84912345678",
                "text": "Hồ sơ 000.00.30.H99-260715-0001 đã được tiếp nhận.",
                "reference": "msg-7",
            },
        }
    ]


def test_zalo_uses_the_same_format(gateway, settings):
    settings.CQDT_ZALO_URL = gateway.url
    settings.CQDT_ZALO_TOKEN = "zalo-tok"
    settings.CQDT_ZALO_SENDER = "oa-1234"
    provider = provider_for("zalo")
    assert provider is not None
    provider.send(recipient="0987654321", text="Xin chào", reference="msg-8")
    assert gateway.requests[0]["authorization"] == "Bearer zalo-tok"
    assert gateway.requests[0]["body"] == {
        "channel": "zalo",
        "sender": "oa-1234",
        "to": "84987654321",
        "text": "Xin chào",
        "reference": "msg-8",
    }


def test_not_configured_means_no_provider(settings):
    settings.CQDT_SMS_URL = ""
    assert provider_for("sms") is None
    assert provider_for("fax") is None


def test_a_refusal_code_is_permanent(gateway):
    gateway.answer = {"code": "07", "message": "Số thuê bao không tồn tại"}
    with pytest.raises(
        ProviderRefusedError, match=r"^Cổng sms từ chối \(mã 07\): Số thuê bao không tồn tại$"
    ):
        _sms(gateway).send(recipient="0912345678", text="x", reference="r")


@pytest.mark.parametrize(
    ("status", "error"), [(503, ProviderError), (429, ProviderError), (401, ProviderRefusedError)]
)
def test_http_errors(gateway, status, error):
    gateway.status = status
    with pytest.raises(error) as raised:
        _sms(gateway).send(recipient="0912345678", text="x", reference="r")
    assert (type(raised.value) is ProviderRefusedError) == (error is ProviderRefusedError)


def test_unreachable_gateway_is_temporary():
    with Gateway() as stopped:
        url = stopped.url
    provider = HttpProvider(channel="sms", url=url, token="t", sender="s", timeout=2)
    with pytest.raises(ProviderError) as raised:
        provider.send(recipient="0912345678", text="x", reference="r")
    assert type(raised.value) is ProviderError


@pytest.mark.parametrize(
    ("phone", "expected"), [("0912345678", "84912345678"), ("+84 987 654 321", "84987654321")]
)
def test_international_number(phone, expected):
    assert international_number(phone) == expected


def test_invalid_number_is_refused():
    with pytest.raises(ProviderRefusedError, match="không hợp lệ"):
        international_number("12345")
