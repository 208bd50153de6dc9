"""The procedure catalogue (CSDL TTHC): procedures, their cases, components, fees and internal processes.

Writes go through `cqdt.catalog.services`; the models hold the schema and its constraints only.
"""

from django.db import models
from django.db.models import Q

from cqdt.accounts.models import StaffRole
from cqdt.agencies.models import Agency, GovernmentLevel
from cqdt.core.models import BaseModel

# A working day is allotted 8 office hours when a case's process is split into steps.
HOURS_PER_DAY = 8


class OnlineServiceType(models.TextChoices):
    FULL = "full", "Trực tuyến toàn trình"
    PARTIAL = "partial", "Trực tuyến một phần"
    NONE = "none", "Không trực tuyến"


class SupplementPolicy(models.TextChoices):
    PAUSE = "pause", "Tạm dừng thời hạn trong thời gian chờ bổ sung"
    RESTART = "restart", "Tính lại thời hạn từ đầu khi nhận đủ hồ sơ bổ sung"


class TimeLimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    CALENDAR_DAYS = "calendar_days", "ngày"


class FeeKind(models.TextChoices):
    FEE = "fee", "Phí"
    CHARGE = "charge", "Lệ phí"


class AgencyLinkSource(models.TextChoices):
    EXPLICIT = "explicit", "Chỉ định theo mã"
    RULE = "rule", "Theo quy tắc cấp/loại cơ quan"


def _in_choices(field: str, choices: type[models.TextChoices]) -> Q:
    return Q(**{f"{field}__in": choices.values})


class ProcedureField(BaseModel):
    """A field of administration (lĩnh vực), e.g. "Hộ tịch", "Chứng thực"."""

    code = models.CharField("mã lĩnh vực", max_length=64, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(BaseModel):
    """An administrative procedure (thủ tục hành chính) as published in the national database."""

    code = models.CharField(
        "mã thủ tục",
        max_length=64,
        unique=True,
        help_text="Mã trên CSDL quốc gia về TTHC (1.001193) hoặc mã địa phương (1.003560.000.00.00.H56).",
    )
    national_code = models.CharField(
        "phần mã quốc gia", max_length=8, blank=True, db_index=True, editable=False
    )
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.ForeignKey(
        ProcedureField, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực"
    )
    online_service = models.CharField(
        "dịch vụ công trực tuyến",
        max_length=16,
        choices=OnlineServiceType.choices,
        default=OnlineServiceType.NONE,
    )
    legal_basis = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    result_documents = models.JSONField("kết quả thực hiện", default=list, blank=True)
    supplement_policy = models.CharField(
        "khi yêu cầu bổ sung hồ sơ",
        max_length=16,
        choices=SupplementPolicy.choices,
        default=SupplementPolicy.PAUSE,
    )
    is_active = models.BooleanField("đang áp dụng", default=True)
    notes = models.TextField("ghi chú", blank=True)
    agency_rules = models.JSONField(
        "quy tắc chọn cơ quan thực hiện",
        default=list,
        blank=True,
        help_text='Danh sách {"level": ..., "kind": ..., "name_contains": ...}; xem docs/catalog-format.md.',
    )
    agencies = models.ManyToManyField(
        Agency,
        through="ProcedureAgency",
        related_name="procedures",
        verbose_name="cơ quan thực hiện",
        blank=True,
    )
    search_text = models.CharField(max_length=1000, blank=True, editable=False)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=_in_choices("online_service", OnlineServiceType),
                name="procedure_online_service_valid",
                violation_error_message="Loại dịch vụ công trực tuyến không hợp lệ.",
            ),
            models.CheckConstraint(
                condition=_in_choices("supplement_policy", SupplementPolicy),
                name="procedure_supplement_policy_valid",
                violation_error_message="Cách tính thời hạn khi bổ sung hồ sơ không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ProcedureLevel(models.Model):
    """A level of government that implements the procedure."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField("cấp thực hiện", max_length=16, choices=GovernmentLevel.choices)

    class Meta:
        verbose_name = "cấp thực hiện"
        verbose_name_plural = "cấp thực hiện"
        ordering = ["procedure", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "level"],
                name="procedure_level_uniq",
                violation_error_message="Cấp thực hiện bị lặp.",
            ),
            models.CheckConstraint(
                condition=_in_choices("level", GovernmentLevel), name="procedure_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_level_display()


class ProcedureAgency(models.Model):
    """An agency that implements the procedure, named explicitly or matched by one of its rules."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="procedure_links")
    source = models.CharField(
        max_length=16, choices=AgencyLinkSource.choices, default=AgencyLinkSource.EXPLICIT
    )

    class Meta:
        verbose_name = "cơ quan thực hiện"
        verbose_name_plural = "cơ quan thực hiện"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency"],
                name="procedure_agency_uniq",
                violation_error_message="Cơ quan đã được gắn với thủ tục.",
            ),
            models.CheckConstraint(
                condition=_in_choices("source", AgencyLinkSource), name="procedure_agency_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.agency)


class Fee(BaseModel):
    """A fee (phí) or charge (lệ phí) in VND; no `amount` when the province sets it and it is not entered."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="fees", verbose_name="thủ tục"
    )
    position = models.PositiveSmallIntegerField("thứ tự")
    kind = models.CharField("loại", max_length=16, choices=FeeKind.choices)
    amount = models.PositiveBigIntegerField("mức thu (đồng)", null=True, blank=True)
    description = models.TextField("nội dung, điều kiện áp dụng")

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["procedure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"],
                name="fee_procedure_position_uniq",
                violation_error_message="Hai khoản thu không được có cùng thứ tự.",
            ),
            models.CheckConstraint(condition=_in_choices("kind", FeeKind), name="fee_kind_valid"),
        ]

    def __str__(self) -> str:
        amount = "chưa xác định" if self.amount is None else f"{self.amount:,} đồng".replace(",", ".")
        return f"{self.get_kind_display()}: {amount}"


class ProcedureCase(BaseModel):
    """A case (trường hợp) of a procedure: its own time limit, components, e-form and internal process."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="cases", verbose_name="thủ tục"
    )
    code = models.CharField("mã trường hợp", max_length=32)
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.CharField("tên trường hợp", max_length=500)
    time_limit_amount = models.PositiveIntegerField("thời hạn giải quyết", null=True, blank=True)
    time_limit_unit = models.CharField(
        "đơn vị thời hạn", max_length=16, choices=TimeLimitUnit.choices, blank=True, default=""
    )
    form_schema = models.JSONField("biểu mẫu điện tử (JSON Schema)", default=dict, blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "trường hợp giải quyết"
        verbose_name_plural = "trường hợp giải quyết"
        ordering = ["procedure", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "code"],
                name="case_procedure_code_uniq",
                violation_error_message="Thủ tục đã có trường hợp mang mã này.",
            ),
            models.CheckConstraint(
                condition=(Q(time_limit_amount__isnull=True) & Q(time_limit_unit=""))
                | (Q(time_limit_amount__gt=0) & _in_choices("time_limit_unit", TimeLimitUnit)),
                name="case_time_limit_consistent",
                violation_error_message="Thời hạn phải có cả số lượng (> 0) và đơn vị, hoặc để trống cả hai.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code}/{self.code} — {self.name}"

    @property
    def time_limit_label(self) -> str:
        if self.time_limit_amount is None:
            return "Không có ngày hẹn trả"
        return f"{self.time_limit_amount} {self.get_time_limit_unit_display()}"


class RequiredComponent(BaseModel):
    """A document the applicant supplies (thành phần hồ sơ), with an optional blank form to fill in."""

    case = models.ForeignKey(
        ProcedureCase, on_delete=models.CASCADE, related_name="components", verbose_name="trường hợp"
    )
    code = models.CharField("mã thành phần", max_length=32)
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.CharField("tên thành phần hồ sơ", max_length=1000)
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    is_mandatory = models.BooleanField("bắt buộc", default=True)
    blank_form = models.FileField("mẫu đơn, tờ khai", upload_to="catalog/forms/", max_length=500, blank=True)
    blank_form_sha256 = models.CharField("SHA-256 của mẫu", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["case", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"],
                name="component_case_code_uniq",
                violation_error_message="Trường hợp đã có thành phần hồ sơ mang mã này.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProcessStep(BaseModel):
    """One step of a case's internal process, with the role that does it and the working hours it may use."""

    case = models.ForeignKey(
        ProcedureCase, on_delete=models.CASCADE, related_name="steps", verbose_name="trường hợp"
    )
    position = models.PositiveSmallIntegerField("bước")
    name = models.CharField("nội dung công việc", max_length=500)
    role = models.CharField("vai trò thực hiện", max_length=32, choices=StaffRole.choices)
    unit = models.CharField(
        "bộ phận thực hiện", max_length=255, blank=True, help_text="Ví dụ: Bộ phận Một cửa, Phòng chuyên môn."
    )
    hours = models.DecimalField("thời gian (giờ làm việc)", max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "position"],
                name="step_case_position_uniq",
                violation_error_message="Hai bước không được có cùng số thứ tự.",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="step_hours_positive",
                violation_error_message="Thời gian của mỗi bước phải lớn hơn 0 giờ.",
            ),
            models.CheckConstraint(condition=_in_choices("role", StaffRole), name="step_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
