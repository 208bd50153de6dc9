"""Users (staff and citizens in one table) and staff roles per agency unit."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from cqdt.agencies.models import Agency
from cqdt.core.models import BaseModel


class UserKind(models.TextChoices):
    STAFF = "staff", "Cán bộ, công chức"
    CITIZEN = "citizen", "Công dân"
    ORGANISATION = "organisation", "Tổ chức, doanh nghiệp"


def shown_name(full_name: str | None, username: str) -> str:
    """How a person is shown: the full name, else the user name. For rows read as plain values; a `User`
    shows itself so (`str(user)`)."""
    return full_name or username


class User(AbstractUser):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        "loại tài khoản", max_length=16, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    identity_number = models.CharField("số định danh cá nhân", max_length=12, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return shown_name(self.full_name, self.username)


class StaffRole(models.TextChoices):
    ONE_STOP_OFFICER = "one_stop_officer", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    SECTION_HEAD = "section_head", "Lãnh đạo phòng"
    AGENCY_HEAD = "agency_head", "Lãnh đạo đơn vị"
    CLERK = "clerk", "Văn thư"
    ADMINISTRATOR = "administrator", "Quản trị"


class StaffAssignment(BaseModel):
    """A user holds a role in a unit; permissions are checked against these rows."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="assignments", verbose_name="người dùng"
    )
    unit = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="staff_assignments", verbose_name="đơn vị"
    )
    role = models.CharField("vai trò", max_length=32, choices=StaffRole.choices)
    position_title = models.CharField("chức danh", max_length=150, blank=True)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "phân công cán bộ"
        verbose_name_plural = "phân công cán bộ"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="staff_assignment_user_unit_role_uniq"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="staff_assignment_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["unit", "role"], name="staff_assignment_unit_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
