"""The one-stop back office: dossiers, their steps, pauses, files, history and counters."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.models import BaseModel
from cqdt.dossiers.status import Action, DossierStatus


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Bưu chính công ích"


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    STATE_AGENCY = "state_agency", "Cơ quan nhà nước"
    ORGANISATION = "organisation", "Tổ chức"


class Timeliness(models.TextChoices):
    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", "Trả tại Bộ phận Một cửa"
    POST = "post", "Trả qua dịch vụ bưu chính công ích"
    ONLINE = "online", "Trả trực tuyến"


class ResultDecision(models.TextChoices):
    APPROVED = "approved", "Giải quyết"
    DECLINED = "declined", "Từ chối giải quyết"


class DossierCodeCounter(models.Model):
    """One row per receiving unit and day; locked to hand out the next number (no gap, no duplicate)."""

    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dossier_counter_unit_day_uniq")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.day:%Y-%m-%d}: {self.last_number}"


class Dossier(BaseModel):
    code = models.CharField("mã hồ sơ", max_length=40, unique=True)
    external_code = models.CharField("mã hồ sơ khác", max_length=60, blank=True)
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("catalog.ProcedureCase", on_delete=models.PROTECT, related_name="+")
    receiving_unit = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dossiers_received", verbose_name="đơn vị tiếp nhận"
    )
    handling_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dossiers_handled", verbose_name="cơ quan giải quyết"
    )
    channel = models.CharField("kênh nộp", max_length=16, choices=Channel.choices)
    status = models.PositiveSmallIntegerField("trạng thái", choices=DossierStatus.choices)
    status_before_pause = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=DossierStatus.choices
    )

    applicant_type = models.CharField(
        max_length=16, choices=ApplicantType.choices, default=ApplicantType.CITIZEN
    )
    applicant_name = models.CharField("người nộp / chủ hồ sơ", max_length=200)
    applicant_id_number = models.CharField("số giấy tờ tùy thân", max_length=20, blank=True)
    applicant_birth_date = models.DateField("ngày sinh", null=True, blank=True)
    applicant_address_unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applicant_address = models.CharField("địa chỉ", max_length=255, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="dossiers"
    )
    representative = models.JSONField("người được ủy quyền", default=dict, blank=True)
    summary = models.CharField("trích yếu", max_length=500)
    form_data = models.JSONField("dữ liệu biểu mẫu", default=dict, blank=True)
    set_count = models.PositiveSmallIntegerField("số bộ hồ sơ", default=1)

    submitted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField("thời điểm tiếp nhận", null=True, blank=True)
    due_at = models.DateTimeField("hẹn trả kết quả", null=True, blank=True)
    # due_at is the legal appointment, moved only by pauses; an apology's new date goes here instead, so a
    # late dossier still counts as late.
    rescheduled_due_at = models.DateTimeField("hẹn trả lại (sau phiếu xin lỗi)", null=True, blank=True)
    finished_at = models.DateTimeField("thời điểm xử lý xong", null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    deadline_warned_at = models.DateTimeField(null=True, blank=True)

    current_step = models.ForeignKey(
        "DossierStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_unit = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=ResultDecision.choices, blank=True)
    result_number = models.CharField("số, ký hiệu kết quả", max_length=60, blank=True)
    result_signer = models.CharField("người ký", max_length=150, blank=True)
    result_issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    result_summary = models.CharField("trích yếu kết quả", max_length=500, blank=True)
    return_method = models.CharField(max_length=10, choices=ReturnMethod.choices, blank=True)
    return_note = models.CharField(max_length=255, blank=True)

    search_text = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["receiving_unit", "status", "-received_at"], name="dossier_recv_status_idx"),
            models.Index(fields=["handling_agency", "status", "due_at"], name="dossier_handler_due_idx"),
            models.Index(fields=["current_unit", "status", "-id"], name="dossier_current_unit_idx"),
            models.Index(fields=["current_assignee", "status", "-id"], name="dossier_assignee_idx"),
            models.Index(fields=["received_at"], name="dossier_received_at_idx"),
            models.Index(fields=["finished_at"], name="dossier_finished_at_idx"),
            # Inbox tab counts filter open dossiers; measured 250–290 ms → a few ms per count at 1 M.
            models.Index(
                fields=["status"], condition=Q(status__in=[1, 2, 4, 5, 6]), name="dossier_open_status_idx"
            ),
            # Open dossiers whose step nobody holds yet (an agency's shared queue): a handful among thousands.
            models.Index(
                fields=["id"],
                condition=Q(current_assignee__isnull=True, status__in=[1, 2, 4, 5, 6]),
                name="dossier_open_unassigned_idx",
            ),
            # Any dossier whose current step nobody holds, whatever its status: the other half of what an
            # official may see, read on its own when the "all" box is walked by units (unit_walk.py).
            models.Index(
                fields=["id"],
                condition=Q(current_assignee__isnull=True, current_step__isnull=False),
                name="dossier_unassigned_step_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__gte=1, status__lte=10), name="dossier_status_national_code"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_paused(self) -> bool:
        return self.status in (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.FEES_REQUESTED)


class InvolvedUnit(models.Model):
    """Every unit a dossier passed through; staff visibility is a join on this table."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="involved_units")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "unit"], name="involved_unit_uniq")]
        # Visibility joins from the user's units to their dossiers (inbox API 280 ms → 80 ms at 1 M).
        indexes = [models.Index(fields=["unit", "dossier"], name="involved_unit_dossier_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.unit_id}"


class DossierStep(models.Model):
    """One step of the dossier's internal process, copied from the case when the dossier is received."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    role = models.CharField(max_length=32)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    allotted_hours = models.DecimalField(max_digits=7, decimal_places=2)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="dossier_step_position_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class PauseReason(models.TextChoices):
    SUPPLEMENT = "supplement", "Chờ bổ sung hồ sơ"
    FEES = "fees", "Chờ thực hiện nghĩa vụ tài chính"


class DossierPause(models.Model):
    """An interval during which the dossier's clock stood still."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=16, choices=PauseReason.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    explanation = models.TextField("lý do")
    requested_components = models.JSONField(default=list, blank=True)
    due_at_before = models.DateTimeField(null=True, blank=True)
    remaining_work_seconds = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["dossier", "started_at"]
        # Statistics ask "which pauses were open at the end of a period" for whole provinces.
        indexes = [
            models.Index(fields=["started_at"], name="dossier_pause_started_idx"),
            models.Index(fields=["ended_at"], name="dossier_pause_ended_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(ended_at__isnull=True), name="dossier_one_open_pause"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} từ {self.started_at:%d/%m/%Y %H:%M}"


class DossierComponent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=500)
    originals = models.PositiveSmallIntegerField(default=0)
    copies = models.PositiveSmallIntegerField(default=0)
    mandatory = models.BooleanField(default=True)

    class Meta:
        ordering = ["dossier", "position"]

    def __str__(self) -> str:
        return self.name


class FileKind(models.TextChoices):
    SUBMISSION = "submission", "Thành phần hồ sơ"
    SUPPLEMENT = "supplement", "Hồ sơ bổ sung"
    RESULT = "result", "Kết quả giải quyết"


class DossierFile(BaseModel):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        DossierComponent, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    kind = models.CharField(max_length=12, choices=FileKind.choices)
    file = models.FileField(upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "created_at"]

    def __str__(self) -> str:
        return self.original_name


class DossierHistory(models.Model):
    """Every state change: who, when, from, to, step, reason, step deadline and its timeliness."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=DossierStatus.choices)
    to_status = models.PositiveSmallIntegerField(choices=DossierStatus.choices)
    from_unit = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_name = models.CharField(max_length=255, blank=True)
    step_deadline = models.DateTimeField(null=True, blank=True)
    step_timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_history_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class ApologyStatus(models.TextChoices):
    DRAFT = "draft", "Chờ duyệt"
    APPROVED = "approved", "Đã ban hành"
    REJECTED = "rejected", "Không duyệt"


class Apology(BaseModel):
    """Mẫu 04: the apology with a new appointment, drafted by the handler and approved by a leader."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    reason = models.TextField("lý do chậm")
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField("hẹn trả mới")
    status = models.CharField(max_length=10, choices=ApologyStatus.choices, default=ApologyStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="draft"), name="apology_one_draft_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"Phiếu xin lỗi {self.dossier_id} ({self.get_status_display()})"


class DossierStatisticsMonth(models.Model):
    """The counted columns of the statistics table for one month (Vietnam time), agency and procedure.

    Flows count within the month; `carried_over` is the stock at its start, the other stocks at its end
    (docs/statistics.md). Only `statistics_months_refresh` writes them, a whole month at a time.
    """

    month = models.DateField("tháng")  # its first day
    handling_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan giải quyết"
    )
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    carried_over = models.PositiveIntegerField("kỳ trước chuyển qua", default=0)
    received_online = models.PositiveIntegerField("mới tiếp nhận trực tuyến", default=0)
    received_in_person = models.PositiveIntegerField("mới tiếp nhận trực tiếp", default=0)
    received_postal = models.PositiveIntegerField("mới tiếp nhận qua bưu chính công ích", default=0)
    processed_early = models.PositiveIntegerField("giải quyết trước hạn", default=0)
    processed_on_time = models.PositiveIntegerField("giải quyết đúng hạn", default=0)
    processed_late = models.PositiveIntegerField("giải quyết quá hạn", default=0)
    in_progress_on_schedule = models.PositiveIntegerField("đang giải quyết trong hạn", default=0)
    in_progress_late = models.PositiveIntegerField("đang giải quyết quá hạn", default=0)
    paused = models.PositiveIntegerField("tạm dừng", default=0)
    computed_at = models.DateTimeField("tổng hợp lúc")

    class Meta:
        verbose_name = "số liệu thống kê tháng"
        verbose_name_plural = "số liệu thống kê tháng"
        # Its index (month first) also serves the month-range reads; no separate index on month.
        constraints = [
            models.UniqueConstraint(
                fields=["month", "handling_agency", "procedure"], name="dossier_stats_month_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.handling_agency_id}/{self.procedure_id}"


class DossierStatisticsMonthRun(models.Model):
    """A month whose summary is computed (a month without dossiers has a run and no rows).

    Its row is locked while the month is recomputed, so two refreshes of one month run one after the other.
    """

    month = models.DateField("tháng", unique=True)  # its first day
    computed_at = models.DateTimeField("tổng hợp lúc")

    class Meta:
        verbose_name = "lượt tổng hợp thống kê tháng"
        verbose_name_plural = "lượt tổng hợp thống kê tháng"

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.computed_at:%d/%m/%Y %H:%M}"
