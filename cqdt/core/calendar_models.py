"""Administrator-entered exceptions to the working calendar."""

from django.db import models


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ"
    WORKING_DAY = "working_day", "Ngày làm việc"


class CalendarOverride(models.Model):
    """An extra day off or an extra working day on one date; it wins over the public-holiday package."""

    Kind = OverrideKind

    date = models.DateField("ngày")
    kind = models.CharField("loại ngày", max_length=16, choices=Kind.choices)
    reason = models.CharField(
        "lý do", max_length=255, help_text="Ví dụ: Nghỉ bù theo Công văn số …/VPCP-KGVX."
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        app_label = "core"
        ordering = ["date"]
        verbose_name = "ngày điều chỉnh lịch làm việc"
        verbose_name_plural = "ngày điều chỉnh lịch làm việc"
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                name="calendar_override_date_unique",
                violation_error_message="Ngày này đã có một điều chỉnh lịch làm việc.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OverrideKind.values), name="calendar_override_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()} ({self.reason})"
