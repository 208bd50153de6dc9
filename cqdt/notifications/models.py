"""Outgoing messages (email, SMS, Zalo) and their delivery log.

A message is rendered when it is queued and stored as sent; a later change to a template never alters it.
"""

from django.db import models
from django.db.models import Q

from cqdt.core.models import BaseModel


class Channel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Zalo"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi, sẽ thử lại"
    ABANDONED = "abandoned", "Đã dừng gửi"


class AttemptOutcome(models.TextChoices):
    SENT = "sent", "Thành công"
    FAILED = "failed", "Lỗi tạm thời"
    REJECTED = "rejected", "Bị từ chối"


class Message(BaseModel):
    channel = models.CharField("kênh", max_length=16, choices=Channel.choices)
    recipient = models.CharField("người nhận", max_length=254)  # email address or phone number
    subject = models.CharField("tiêu đề", max_length=255)
    body_text = models.TextField("nội dung")
    body_html = models.TextField("nội dung HTML", blank=True)
    template = models.CharField("mẫu thông báo", max_length=100)
    object_type = models.CharField("loại đối tượng liên quan", max_length=80, blank=True)
    object_id = models.CharField("mã đối tượng liên quan", max_length=64, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    # Email: the Message-ID header, generated before the first attempt. SMS/Zalo: the gateway's message id.
    provider_message_id = models.CharField("mã tin phía nhà cung cấp", max_length=255, blank=True)
    resend_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resends",
        verbose_name="gửi lại từ thông báo",
    )

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        permissions = [("resend_message", "Có thể gửi lại thông báo")]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="notif_message_object_idx"),
            models.Index(fields=["status", "updated_at"], name="notif_message_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="notif_message_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENT) | Q(sent_at__isnull=False),
                name="notif_message_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} “{self.subject}” → {self.recipient}"


class DeliveryAttempt(models.Model):
    """One row per try to hand a message to the provider (the delivery log)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="delivery_attempts")
    number = models.PositiveSmallIntegerField("lần thứ")
    at = models.DateTimeField("thời điểm")
    outcome = models.CharField("kết quả", max_length=16, choices=AttemptOutcome.choices)
    error = models.TextField("lỗi", blank=True)

    class Meta:
        verbose_name = "lần gửi"
        verbose_name_plural = "nhật ký gửi"
        ordering = ["message", "number"]
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="notif_attempt_message_number_uniq"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.get_outcome_display()}"
