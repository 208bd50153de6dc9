import factory

from cqdt.notifications.models import Channel, Message, MessageStatus


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    class Meta:
        model = Message

    channel = Channel.EMAIL
    recipient = factory.Sequence(lambda n: f"nguoi.nhan{n}@example.vn")
    subject = factory.Sequence(lambda n: f"Tiếp nhận hồ sơ H56.22-251120-{n:04d}")
    body_text = "Kính gửi Ông/Bà Nguyễn Văn An,\n"
    template = "dossiers/received"
    status = MessageStatus.QUEUED
