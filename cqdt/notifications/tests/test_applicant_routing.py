"""Who gets what: email to an address, SMS and Zalo to a phone number where the gateway is configured."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from cqdt.dossiers import services as dossier_services
from cqdt.dossiers.tests.factories import make_world
from cqdt.dossiers.tests.helpers import applicant
from cqdt.notifications.models import Message
from cqdt.notifications.services import message_deliver, message_enqueue_for_applicant
from cqdt.notifications.tests.support import point_gateway_at, received_context

pytestmark = pytest.mark.django_db

SMS_URL = "https://sms.example.vn/api/v1/messages"  # only configured here, never contacted
ZALO_URL = "https://zalo.example.vn/api/v1/messages"


@pytest.fixture
def no_gateways(settings):
    settings.CQDT_SMS_URL = ""
    settings.CQDT_ZALO_URL = ""
    return settings


def routes(email: str, phone: str) -> list[tuple[str, str]]:
    messages = message_enqueue_for_applicant(
        email=email, phone=phone, template="dossiers/received", context=received_context()
    )
    return [(message.channel, message.recipient) for message in messages]


def test_email_only_while_no_gateway_is_configured(no_gateways):
    assert routes("an.nguyen@example.vn", "0912345678") == [("email", "an.nguyen@example.vn")]
    assert routes("", "0912345678") == []


def test_sms_when_the_sms_gateway_is_configured(no_gateways):
    point_gateway_at(no_gateways, "sms", SMS_URL)
    assert routes(" an.nguyen@example.vn ", " 0912345678 ") == [
        ("email", "an.nguyen@example.vn"),
        ("sms", "0912345678"),
    ]
    assert routes("", "0912345678") == [("sms", "0912345678")]
    assert routes("an.nguyen@example.vn", "") == [("email", "an.nguyen@example.vn")]


def test_sms_and_zalo_when_both_are_configured(no_gateways):
    point_gateway_at(no_gateways, "sms", SMS_URL)
    point_gateway_at(no_gateways, "zalo", ZALO_URL)
    assert routes("an.nguyen@example.vn", "+84 912 345 678") == [
        ("email", "an.nguyen@example.vn"),
        ("sms", "+84 912 345 678"),
        ("zalo", "+84 912 345 678"),
    ]


def test_zalo_alone_goes_to_the_phone_number(no_gateways):
    point_gateway_at(no_gateways, "zalo", ZALO_URL)
    assert routes("", "0912345678") == [("zalo", "0912345678")]


def test_an_unusable_phone_number_does_not_stop_the_email(no_gateways):
    point_gateway_at(no_gateways, "sms", SMS_URL)
    assert routes("an.nguyen@example.vn", "0205 38") == [("email", "an.nguyen@example.vn")]
    assert Message.objects.count() == 1


def receive(world):
    # Monday 02/03/2026 09:00 in Vietnam; the procedure takes 3 working days.
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        return dossier_services.dossier_receive(
            actor=world.counter_officer, unit=world.centre, case=world.case, applicant=applicant()
        )


RECEIVED_SMS = (
    "Sở Tư pháp đã tiếp nhận hồ sơ 000.00.30.H99-260302-0001. Hẹn trả kết quả: 05/03/2026 09:00.\n"
    "Tra cứu: https://dichvucong.langson.gov.vn/tra-cuu/000.00.30.H99-260302-0001"
)


def test_reception_sends_email_and_sms_when_sms_is_configured(no_gateways):
    no_gateways.CQDT_PUBLIC_BASE_URL = "https://dichvucong.langson.gov.vn"
    point_gateway_at(no_gateways, "sms", SMS_URL)
    dossier = receive(make_world())

    messages = list(Message.objects.order_by("pk"))
    assert [(m.channel, m.recipient, m.template) for m in messages] == [
        ("email", "thu.hv@example.vn", "dossiers/received"),
        ("sms", "0912345678", "dossiers/received"),
    ]
    assert {(m.object_type, m.object_id) for m in messages} == {("dossiers.Dossier", str(dossier.pk))}
    assert messages[1].subject == "Tiếp nhận hồ sơ 000.00.30.H99-260302-0001"
    assert messages[1].body_text == RECEIVED_SMS


def test_reception_sends_only_the_email_without_an_sms_gateway(no_gateways):
    receive(make_world())
    assert list(Message.objects.values_list("channel", "recipient")) == [("email", "thu.hv@example.vn")]


def test_the_messages_vanish_with_a_reception_that_rolls_back(no_gateways: Any) -> None:
    point_gateway_at(no_gateways, "sms", SMS_URL)
    world = make_world()
    seen_inside: list[int] = []

    def reception_that_fails() -> None:
        with transaction.atomic():
            receive(world)
            seen_inside.append(Message.objects.count())
            raise RuntimeError("the reception failed after the notices")

    with pytest.raises(RuntimeError):
        reception_that_fails()
    assert seen_inside == [2]
    assert not Message.objects.exists()


def test_an_applicant_sms_reaches_the_gateway(sms_gateway, settings):
    settings.CQDT_PUBLIC_BASE_URL = "https://dichvucong.langson.gov.vn"
    receive(make_world())
    sms = Message.objects.get(channel="sms")

    message_deliver(message_id=sms.pk)

    assert sms_gateway.bodies == [
        {
            "channel": "sms",
            "sender": "UBND-LANGSON",
            "to": "84912345678",
            "text": RECEIVED_SMS,
            "reference": str(sms.public_id),
        }
    ]


def test_a_fee_request_and_a_stop_reach_the_applicant(no_gateways):
    point_gateway_at(no_gateways, "sms", SMS_URL)
    world = make_world()
    fees = receive(world)
    stopped = receive(world)
    Message.objects.all().delete()
    at_10 = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(at_10, tick=False):
        dossier_services.dossier_request_fees(
            actor=world.counter_officer, dossier=fees, amount=1_500_000, reason="Lệ phí cấp phiếu"
        )
        dossier_services.dossier_stop(actor=world.agency_head, dossier=stopped, reason="Có tranh chấp.")

    sent = [(m.object_id, m.channel, m.template) for m in Message.objects.order_by("pk")]
    assert sent == [
        (str(fees.pk), "email", "dossiers/fees_requested"),
        (str(fees.pk), "sms", "dossiers/fees_requested"),
        (str(stopped.pk), "email", "dossiers/stopped"),
        (str(stopped.pk), "sms", "dossiers/stopped"),
    ]
    fee_email = Message.objects.get(template="dossiers/fees_requested", channel="email")
    assert "- Số tiền: 1.500.000 đồng\n- Nội dung: Lệ phí cấp phiếu\n" in fee_email.body_text
    stop_sms = Message.objects.get(template="dossiers/stopped", channel="sms")
    assert stop_sms.body_text.splitlines()[:2] == [
        f"Sở Tư pháp dừng xử lý hồ sơ {stopped.code}.",
        "Lý do: Có tranh chấp.",
    ]
