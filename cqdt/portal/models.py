"""The citizen portal's own data: profiles, drafts of online submissions and their files, ratings.

Dossiers themselves belong to the one-stop back office (`cqdt.dossiers`); the portal changes them only
through its services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.models import BaseModel


class SignUpMethod(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    PHONE = "phone", "Số điện thoại"
    OIDC = "oidc", "Tài khoản định danh điện tử (VNeID)"


class CitizenProfile(BaseModel):
    """What a citizen or organisation account adds to the user row, used to pre-fill submissions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_profile"
    )
    sign_up_method = models.CharField("đăng ký bằng", max_length=8, choices=SignUpMethod.choices)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    address_unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đơn vị hành chính",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    organisation_name = models.CharField("tên tổ chức, doanh nghiệp", max_length=255, blank=True)
    tax_code = models.CharField("mã số thuế / mã số doanh nghiệp", max_length=20, blank=True)
    email_verified_at = models.DateTimeField("xác thực thư điện tử lúc", null=True, blank=True)
    oidc_subject = models.CharField("định danh tại nhà cung cấp (sub)", max_length=255, blank=True)
    oidc_claims_at = models.DateTimeField("cập nhật từ VNeID lúc", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ tài khoản công dân"
        verbose_name_plural = "hồ sơ tài khoản công dân"
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~Q(oidc_subject=""),
                name="portal_profile_oidc_subject_uniq",
            ),
            models.CheckConstraint(
                condition=Q(sign_up_method__in=SignUpMethod.values), name="portal_profile_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Draft(BaseModel):
    """An online submission being prepared: e-form data, applicant details and uploaded files."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_drafts")
    case = models.ForeignKey("catalog.ProcedureCase", on_delete=models.CASCADE, related_name="+")
    handling_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="nơi nộp"
    )
    applicant = models.JSONField("người nộp", default=dict, blank=True)
    form_data = models.JSONField("dữ liệu tờ khai", default=dict, blank=True)

    class Meta:
        verbose_name = "hồ sơ nháp"
        verbose_name_plural = "hồ sơ nháp"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="portal_draft_user_idx")]

    def __str__(self) -> str:
        return f"Nháp {self.public_id}"


class DraftFile(BaseModel):
    """A checked file attached to a draft for one required component; it becomes a DossierFile on submit."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    component_code = models.CharField(max_length=32)
    file = models.FileField(upload_to="portal/drafts/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["draft", "component_code", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 2, "Rất hài lòng"
    SATISFIED = 1, "Hài lòng"
    DISSATISFIED = 0, "Không hài lòng"


class Rating(BaseModel):
    """The applicant's evaluation of one dossier (domain reference §3.5): 11 items scored 0–2.

    Items 1–9 add up to the index score (max 18); items 10 (convenience) and 11 (overall) are the 3-level
    satisfaction of the national portal, and `satisfaction` repeats item 11 for the 766 index.
    """

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="portal_rating")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField("điểm từng tiêu chí")
    index_score = models.PositiveSmallIntegerField("tổng điểm tiêu chí 1–9")
    satisfaction = models.PositiveSmallIntegerField("mức độ hài lòng", choices=Satisfaction.choices)
    comment = models.TextField("góp ý", blank=True)

    class Meta:
        verbose_name = "đánh giá giải quyết hồ sơ"
        verbose_name_plural = "đánh giá giải quyết hồ sơ"
        constraints = [
            models.CheckConstraint(condition=Q(index_score__lte=18), name="portal_rating_index_max"),
            models.CheckConstraint(
                condition=Q(satisfaction__in=[0, 1, 2]), name="portal_rating_satisfaction"
            ),
        ]

    def __str__(self) -> str:
        return f"Đánh giá {self.dossier_id}: {self.get_satisfaction_display()}"
