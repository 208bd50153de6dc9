"""Read-only views of the messages and their delivery log, with a "resend" action."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from cqdt.notifications.models import DeliveryAttempt, Message
from cqdt.notifications.services import message_resend


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


_ATTEMPT_FIELDS: tuple[str, ...] = ("number", "at", "outcome", "error")
_MESSAGE_FIELDS: tuple[str, ...] = (
    "public_id",
    "channel",
    "recipient",
    "subject",
    "template",
    "object_type",
    "object_id",
    "status",
    "attempts",
    "last_error",
    "sent_at",
    "provider_message_id",
    "resend_of",
    "created_at",
    "updated_at",
    "body_text",
    "body_html",
)


class DeliveryAttemptInline(ReadOnlyMixin, admin.TabularInline):
    model = DeliveryAttempt
    fields = _ATTEMPT_FIELDS
    readonly_fields = _ATTEMPT_FIELDS
    extra = 0
    can_delete = False


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "recipient",
        "subject",
        "template",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "template"]
    search_fields = ["recipient", "subject", "object_id", "provider_message_id"]
    date_hierarchy = "created_at"
    inlines = [DeliveryAttemptInline]
    actions = ["resend"]
    fields = _MESSAGE_FIELDS
    readonly_fields = _MESSAGE_FIELDS

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.resend_message")

    @admin.action(description="Gửi lại các thông báo đã chọn", permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        actor = request.user if request.user.is_authenticated else None
        queued = 0
        for message in queryset.order_by("pk"):
            try:
                message_resend(actor=actor, message_id=message.pk)
            except ValidationError as error:
                self.message_user(
                    request, f"{message.subject} → {message.recipient}: {error.messages[0]}", messages.WARNING
                )
            else:
                queued += 1
        if queued:
            self.message_user(request, f"Đã đưa {queued} thông báo vào hàng đợi gửi lại.", messages.SUCCESS)
