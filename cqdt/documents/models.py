"""Incoming and outgoing documents (Decree 30/2020/NĐ-CP), their registers, counters, files and history."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cqdt.agencies.models import Agency
from cqdt.core.models import BaseModel
from cqdt.documents.status import (
    Channel,
    Confidentiality,
    HandlerRole,
    IncomingAction,
    IncomingStatus,
    OutgoingAction,
    OutgoingStatus,
    RegisterDirection,
    SignatureKind,
    Urgency,
)

USER = settings.AUTH_USER_MODEL


class DocumentType(BaseModel):
    """A type of administrative document (Decree 30/2020, art. 7 and Appendix III), loaded by a migration."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên loại văn bản", max_length=100, unique=True)
    # Case-sensitive ("QyĐ", "TTr"); empty for công văn and thư công, which the decree gives none.
    abbreviation = models.CharField("chữ viết tắt", max_length=10, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang sử dụng", default=True)

    class Meta:
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_official_letter(self) -> bool:
        """Công văn: its notation is `{issuer}-{drafting unit}` instead of `{type}-{issuer}`."""
        return self.code == "cong-van"


class Register(BaseModel):
    """A register (sổ đăng ký) of one agency; one active incoming register per agency, several outgoing."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan")
    direction = models.CharField("loại sổ", max_length=10, choices=RegisterDirection.choices)
    name = models.CharField("tên sổ", max_length=200)
    # The issuing body's abbreviation in notations ("UBND", "STP"); used by outgoing registers.
    issuer_abbreviation = models.CharField("chữ viết tắt tên cơ quan ban hành", max_length=30, blank=True)
    document_types = models.ManyToManyField(
        DocumentType,
        blank=True,
        related_name="+",
        verbose_name="loại văn bản được cấp số",
        help_text="Để trống: sổ cấp số cho mọi loại văn bản.",
    )
    is_active = models.BooleanField("đang sử dụng", default=True)

    class Meta:
        verbose_name = "sổ đăng ký văn bản"
        verbose_name_plural = "sổ đăng ký văn bản"
        ordering = ["agency__path", "direction", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(direction="incoming", is_active=True),
                name="register_one_incoming_per_agency",
                violation_error_message="Mỗi cơ quan chỉ có một sổ đăng ký văn bản đến đang sử dụng.",
            ),
            models.UniqueConstraint(fields=["agency", "name"], name="register_agency_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name


class RegisterCounter(models.Model):
    """The last number handed out by a register in a year; locked to take the next one."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="register_counter_year_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.register_id}/{self.year}: {self.last_number}"


class _Metadata(BaseModel):
    """The Decree 30/2020 metadata both kinds of document share."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan")
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name="loại văn bản"
    )
    summary = models.CharField("trích yếu nội dung", max_length=1000)
    urgency = models.CharField("độ khẩn", max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = models.CharField(
        "độ mật", max_length=16, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    page_count = models.PositiveSmallIntegerField("số trang", null=True, blank=True)
    # Folded metadata and PDF text, for diacritic-insensitive search (trigram index on PostgreSQL).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True


class IncomingDocument(_Metadata):
    status = models.CharField("trạng thái", max_length=12, choices=IncomingStatus.choices)
    channel = models.CharField("hình thức", max_length=10, choices=Channel.choices)
    register = models.ForeignKey(Register, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    arrival_number = models.PositiveIntegerField("số đến", null=True, blank=True)
    arrived_at = models.DateTimeField("thời điểm đến")
    registered_at = models.DateTimeField("thời điểm vào sổ", null=True, blank=True)
    registered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    issuer_name = models.CharField("cơ quan ban hành", max_length=255)
    issuer = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("số", max_length=20)
    notation = models.CharField("ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành")
    signer_name = models.CharField("người ký", max_length=150, blank=True)

    direction_note = models.TextField("ý kiến chỉ đạo", blank=True)
    directed_at = models.DateTimeField("thời điểm giao xử lý", null=True, blank=True)
    directed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField("hạn xử lý", null=True, blank=True)
    completed_at = models.DateTimeField("thời điểm hoàn thành", null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    result_note = models.TextField("kết quả xử lý", blank=True)
    # Set at completion: finished (Vietnam date) after the deadline.
    completed_late = models.BooleanField("hoàn thành quá hạn", default=False)
    reply = models.ForeignKey(
        "OutgoingDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "văn bản đến"
        verbose_name_plural = "văn bản đến"
        indexes = [
            models.Index(fields=["agency", "status", "-arrived_at"], name="incoming_agency_status_idx"),
            models.Index(fields=["agency", "year", "arrival_number"], name="incoming_agency_number_idx"),
            models.Index(fields=["status", "deadline"], name="incoming_status_deadline_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "arrival_number"],
                condition=Q(arrival_number__isnull=False),
                name="incoming_arrival_number_uniq",
            ),
            models.CheckConstraint(condition=Q(confidentiality="normal"), name="incoming_not_secret"),
            models.CheckConstraint(
                condition=Q(register__isnull=True, year__isnull=True, arrival_number__isnull=True)
                | Q(register__isnull=False, year__isnull=False, arrival_number__isnull=False),
                name="incoming_numbered_in_full",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_notation} — {self.summary[:80]}"

    @property
    def number_notation(self) -> str:
        return f"{self.number}/{self.notation}" if self.notation else self.number


class IncomingHandler(models.Model):
    """A unit or person given the document by the leader: one lead (chủ trì), any number of co-handlers."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="handlers")
    role = models.CharField(max_length=4, choices=HandlerRole.choices)
    unit = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_soon_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-role", "id"]  # the lead ("lead") before co-handlers ("co")
        indexes = [
            models.Index(fields=["user", "document"], name="incoming_handler_user_idx"),
            models.Index(fields=["unit", "document"], name="incoming_handler_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(user__isnull=False), name="incoming_handler_someone"
            ),
            models.UniqueConstraint(
                fields=["document"], condition=Q(role="lead"), name="incoming_handler_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user or self.unit}"


class IncomingFile(BaseModel):
    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="files")
    is_main = models.BooleanField("văn bản chính", default=False)
    file = models.FileField(upload_to="documents/incoming/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, editable=False)
    text_extracted_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["document", "-is_main", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=Q(is_main=True), name="incoming_one_main_file"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class IncomingHistory(models.Model):
    """Every state change and progress note of an incoming document: who, when, from, to, why."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=IncomingAction.choices)
    from_status = models.CharField(max_length=12, choices=IncomingStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=IncomingStatus.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "at", "id"]
        indexes = [models.Index(fields=["document", "at"], name="incoming_history_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class OutgoingDocument(_Metadata):
    status = models.CharField("trạng thái", max_length=16, choices=OutgoingStatus.choices)
    drafting_unit = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị soạn thảo"
    )
    # The drafting unit's abbreviation in a công văn's notation ("VP" in "123/UBND-VP").
    drafting_unit_abbreviation = models.CharField("chữ viết tắt đơn vị soạn thảo", max_length=30, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="người soạn"
    )
    reviewer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approver = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người duyệt, ký",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    signature_kind = models.CharField(max_length=8, choices=SignatureKind.choices, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    recipients_text = models.TextField("nơi nhận", blank=True)
    file_keeper = models.CharField("đơn vị, người nhận bản lưu", max_length=255, blank=True)
    copies = models.PositiveSmallIntegerField("số lượng bản", default=1)

    register = models.ForeignKey(Register, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    notation = models.CharField("ký hiệu", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recalled_at = models.DateTimeField(null=True, blank=True)
    recall_reason = models.TextField("lý do thu hồi", blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacements",
        verbose_name="thay thế văn bản",
    )
    reply_to = models.ForeignKey(
        IncomingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )

    class Meta:
        verbose_name = "văn bản đi"
        verbose_name_plural = "văn bản đi"
        indexes = [
            models.Index(fields=["agency", "status", "-updated_at"], name="outgoing_agency_status_idx"),
            models.Index(fields=["created_by", "status"], name="outgoing_creator_idx"),
            models.Index(fields=["approver", "status"], name="outgoing_approver_idx"),
            models.Index(fields=["issued_on"], name="outgoing_issued_on_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"],
                condition=Q(number__isnull=False),
                name="outgoing_number_uniq",
            ),
            models.CheckConstraint(condition=Q(confidentiality="normal"), name="outgoing_not_secret"),
            models.CheckConstraint(
                condition=Q(register__isnull=True, year__isnull=True, number__isnull=True)
                | Q(register__isnull=False, year__isnull=False, number__isnull=False),
                name="outgoing_numbered_in_full",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_notation or 'Dự thảo'} — {self.summary[:80]}"

    @property
    def number_notation(self) -> str:
        """Like "05/QĐ-STP"; empty until the document is numbered."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.notation}"


class VersionKind(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SIGNED = "signed", "Bản đã ký số"
    PAPER_SCAN = "paper_scan", "Bản chụp văn bản giấy đã ký"


class OutgoingVersion(BaseModel):
    """One upload of the document; never changed once stored (its SHA-256 is recorded)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("phiên bản")
    kind = models.CharField(max_length=10, choices=VersionKind.choices)
    file = models.FileField(upload_to="documents/outgoing/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    text = models.TextField(blank=True, editable=False)
    text_extracted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="outgoing_version_number_uniq")
        ]

    def __str__(self) -> str:
        return f"Phiên bản {self.number}: {self.original_name}"


class OutgoingRecipient(models.Model):
    """An agency in the directory that receives the document electronically, as an incoming document."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    incoming = models.OneToOneField(
        IncomingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="delivery"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "agency"], name="outgoing_recipient_uniq")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.agency_id}"


class OutgoingHistory(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=24, choices=OutgoingAction.choices)
    from_status = models.CharField(max_length=16, choices=OutgoingStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OutgoingStatus.choices)
    version_number = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "at", "id"]
        indexes = [models.Index(fields=["document", "at"], name="outgoing_history_at_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"
