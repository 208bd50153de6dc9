"""The agency directory: agencies and units as one tree, and administrative units with validity periods."""

from django.db import models
from django.db.models import Q

from cqdt.agencies.identifiers import validate_identifier_code
from cqdt.core.models import BaseModel


class GovernmentLevel(models.TextChoices):
    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện (trước 01/7/2025)"
    COMMUNE = "commune", "Cấp xã"


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
    DEPARTMENT = "department", "Sở, ban, ngành"
    SERVICE_CENTRE = "service_centre", "Trung tâm phục vụ hành chính công"
    UNIT = "unit", "Phòng, ban, đơn vị trực thuộc"
    MINISTRY = "ministry", "Bộ, cơ quan ngang bộ"
    OTHER = "other", "Cơ quan, tổ chức khác"


class AdministrativeUnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh"
    CITY = "city", "Thành phố trực thuộc trung ương"
    DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã"
    WARD = "ward", "Phường"
    SPECIAL_ZONE = "special_zone", "Đặc khu"
    TOWNSHIP = "township", "Thị trấn"


class AdministrativeUnit(BaseModel):
    """A province, commune or (historical) district, as it was between `valid_from` and `valid_to`."""

    statistical_code = models.CharField("mã thống kê", max_length=10)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=20, choices=AdministrativeUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="trực thuộc",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name="được thay thế bởi",
    )
    is_demo_code = models.BooleanField(
        "mã dùng cho dữ liệu thử nghiệm",
        default=False,
        help_text="Mã không chính thức, chỉ dùng cho dữ liệu demo.",
    )
    search_text = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["statistical_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["statistical_code", "valid_from"],
                name="adminunit_code_valid_from_uniq",
                violation_error_message="Đã có đơn vị hành chính cùng mã thống kê và ngày bắt đầu hiệu lực.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="adminunit_validity_ordered",
                violation_error_message="Ngày hết hiệu lực phải trùng hoặc sau ngày bắt đầu hiệu lực.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Agency(BaseModel):
    """An agency or one of its units; the whole province is one tree of these.

    `path` is a materialised path of primary keys ("/1/7/42/") kept by the services, so a subtree is
    one indexed prefix query on any database.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="trực thuộc",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField("tên cơ quan, đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=64, blank=True)
    kind = models.CharField("loại", max_length=32, choices=AgencyKind.choices, default=AgencyKind.UNIT)
    level = models.CharField("cấp", max_length=16, choices=GovernmentLevel.choices)
    identifier_code = models.CharField(
        "mã định danh",
        max_length=13,
        blank=True,
        validators=[validate_identifier_code],
        help_text="Định dạng XXX.YY.ZZ.Lnn theo Quyết định 20/2020/QĐ-TTg.",
    )
    is_demo_code = models.BooleanField(
        "mã dùng cho dữ liệu thử nghiệm",
        default=False,
        help_text="Mã không chính thức, chỉ dùng cho dữ liệu demo.",
    )
    internal_code = models.CharField("mã nội bộ", max_length=64, blank=True)
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name="đơn vị hành chính",
    )
    valid_from = models.DateField("hoạt động từ", null=True, blank=True)
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name="được thay thế bởi",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=32, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    website = models.URLField("trang thông tin điện tử", blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_code"],
                condition=~Q(identifier_code=""),
                name="agency_identifier_code_uniq",
                violation_error_message="Mã định danh này đã được dùng cho cơ quan, đơn vị khác.",
            ),
            models.UniqueConstraint(
                fields=["internal_code"],
                condition=~Q(internal_code=""),
                name="agency_internal_code_uniq",
                violation_error_message="Mã nội bộ này đã được dùng cho cơ quan, đơn vị khác.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_validity_ordered",
                violation_error_message="Ngày ngừng hoạt động phải trùng hoặc sau ngày bắt đầu hoạt động.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None
