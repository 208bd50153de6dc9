import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cqdt.accounts.models import User
from cqdt.notifications.models import AttemptOutcome, DeliveryAttempt, Message, MessageStatus
from cqdt.notifications.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_message_changelist"


def staff_with(*codenames: str) -> User:
    user = User.objects.create_user(username="canbo", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames)
    )
    return user


def test_message_page_shows_the_delivery_log(client):
    client.force_login(User.objects.create_superuser(username="quantri", email="quantri@example.vn"))
    message = MessageFactory.create(
        status=MessageStatus.FAILED, attempts=1, last_error="TimeoutError: timed out"
    )
    DeliveryAttempt.objects.create(
        message=message,
        number=1,
        at=timezone.now(),
        outcome=AttemptOutcome.FAILED,
        error="TimeoutError: timed out",
    )

    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert message.recipient in listing.content.decode()
    page = client.get(reverse("admin:notifications_message_change", args=[message.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("TimeoutError: timed out") == 2
    assert 'name="_save"' not in html
    assert client.get(reverse("admin:notifications_message_add")).status_code == 403


def test_resend_action_queues_copies_of_sent_and_abandoned_messages(client):
    client.force_login(staff_with("view_message", "resend_message"))
    sent = MessageFactory.create(status=MessageStatus.SENT, sent_at=timezone.now(), attempts=1)
    abandoned = MessageFactory.create(status=MessageStatus.ABANDONED, attempts=6)
    queued = MessageFactory.create(status=MessageStatus.QUEUED)
    assert (
        '<option value="resend">Gửi lại các thông báo đã chọn</option>'
        in client.get(reverse(CHANGELIST)).content.decode()
    )

    response = client.post(
        reverse(CHANGELIST),
        {"action": "resend", "_selected_action": [sent.pk, abandoned.pk, queued.pk]},
        follow=True,
    )

    assert response.status_code == 200
    notices = [str(notice) for notice in response.context["messages"]]
    assert notices == [
        f"{queued.subject} → {queued.recipient}: Chỉ gửi lại được thông báo đã gửi, đã dừng gửi hoặc bị "
        "gián đoạn khi đang gửi (thông báo này đang ở trạng thái “Chờ gửi”).",
        "Đã đưa 2 thông báo vào hàng đợi gửi lại.",
    ]
    copies = Message.objects.filter(resend_of__isnull=False).order_by("pk")
    assert [(copy.resend_of_id, copy.status) for copy in copies] == [
        (sent.pk, MessageStatus.QUEUED),
        (abandoned.pk, MessageStatus.QUEUED),
    ]
    assert sorted(task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()) == [
        c.pk for c in copies
    ]


def test_resend_action_needs_its_permission(client):
    client.force_login(staff_with("view_message"))
    sent = MessageFactory.create(status=MessageStatus.SENT, sent_at=timezone.now(), attempts=1)

    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert 'value="resend"' not in listing.content.decode()
    client.post(reverse(CHANGELIST), {"action": "resend", "_selected_action": [sent.pk]})

    assert Message.objects.count() == 1
    assert not DBTaskResult.objects.exists()


def test_messages_are_hidden_from_staff_without_view_permission(client):
    client.force_login(staff_with())
    assert client.get(reverse(CHANGELIST)).status_code == 403
