"""Trust store, registered signing certificates and the record of every signature made.

Secrets are never stored: a PKCS#12 file is kept exactly as uploaded (encrypted by its passphrase, which is
asked at each signing); a PKCS#11 key stays on its token or HSM and only its labels are stored here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cqdt.agencies.models import Agency
from cqdt.core.models import BaseModel


class TrustAnchor(BaseModel):
    """A CA certificate: roots are trusted; intermediates only help to build chains offline."""

    common_name = models.CharField("tên (CN)", max_length=255)
    subject = models.CharField("chủ thể", max_length=1000)
    issuer = models.CharField("tổ chức cấp", max_length=1000)
    serial_number = models.CharField("số hiệu", max_length=64)
    fingerprint_sha256 = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    not_before = models.DateTimeField("hiệu lực từ")
    not_after = models.DateTimeField("hiệu lực đến")
    is_root = models.BooleanField("là CA gốc", default=False)
    enabled = models.BooleanField("đang sử dụng", default=True)
    certificate_der = models.BinaryField("chứng thư (DER)", editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thêm",
    )

    class Meta:
        verbose_name = "chứng thư CA tin cậy"
        verbose_name_plural = "danh sách CA tin cậy"
        ordering = ["-is_root", "common_name"]

    def __str__(self) -> str:
        return self.common_name


class KeySource(models.TextChoices):
    PKCS12 = "pkcs12", "Tệp PKCS#12 (.p12/.pfx)"
    PKCS11 = "pkcs11", "Thiết bị ký số / HSM (PKCS#11)"


class Certificate(BaseModel):
    """An X.509 signing certificate of one person or one agency (the seal), with its key's location."""

    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        verbose_name="cá nhân",
    )
    owner_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        verbose_name="cơ quan, tổ chức",
    )
    common_name = models.CharField("tên (CN)", max_length=255)
    organisation = models.CharField("tổ chức (O)", max_length=255, blank=True)
    subject = models.CharField("chủ thể", max_length=1000)
    issuer = models.CharField("tổ chức cấp", max_length=1000)
    serial_number = models.CharField("số hiệu", max_length=64)
    fingerprint_sha256 = models.CharField("dấu vân tay SHA-256", max_length=64, unique=True)
    not_before = models.DateTimeField("hiệu lực từ")
    not_after = models.DateTimeField("hiệu lực đến")
    certificate_der = models.BinaryField("chứng thư (DER)", editable=False)
    chain_pem = models.TextField("chứng thư CA kèm theo (PEM)", blank=True, editable=False)
    chain_trusted = models.BooleanField("chuỗi tin cậy khi đăng ký", default=False)
    chain_problem = models.CharField("vấn đề về chuỗi tin cậy", max_length=500, blank=True)
    key_source = models.CharField("nơi giữ khóa", max_length=8, choices=KeySource.choices)
    pkcs12_data = models.BinaryField("tệp PKCS#12 (đã mã hóa)", null=True, blank=True, editable=False)
    pkcs11_token_label = models.CharField("nhãn thiết bị (token)", max_length=64, blank=True)
    pkcs11_key_label = models.CharField("nhãn khóa", max_length=128, blank=True)
    pkcs11_key_id = models.CharField("mã khóa (hex)", max_length=128, blank=True)
    appearance_image = models.FileField(
        "ảnh chữ ký hoặc con dấu (PNG)", upload_to="signing/appearances/%Y/", blank=True
    )
    appearance_sha256 = models.CharField("SHA-256 của ảnh", max_length=64, blank=True)
    is_active = models.BooleanField("đang sử dụng", default=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người đăng ký",
    )

    class Meta:
        verbose_name = "chứng thư số ký"
        verbose_name_plural = "chứng thư số ký"
        ordering = ["common_name", "-not_after"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_user__isnull=False) & Q(owner_agency__isnull=True))
                | (Q(owner_user__isnull=True) & Q(owner_agency__isnull=False)),
                name="signing_certificate_one_owner",
            ),
            models.CheckConstraint(
                condition=(Q(key_source="pkcs12") & Q(pkcs12_data__isnull=False))
                | (
                    Q(key_source="pkcs11")
                    & Q(pkcs12_data__isnull=True)
                    & ~Q(pkcs11_token_label="")
                    & (~Q(pkcs11_key_label="") | ~Q(pkcs11_key_id=""))
                ),
                name="signing_certificate_key_source_complete",
            ),
            models.CheckConstraint(
                condition=Q(not_after__gt=models.F("not_before")),
                name="signing_certificate_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial_number[:16]})"

    @property
    def is_agency_seal(self) -> bool:
        return self.owner_agency_id is not None


class SignatureEvent(BaseModel):
    """One signature applied to a PDF: who, with which certificate, and the document before and after."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="signature_events", verbose_name="chứng thư số"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thực hiện",
    )
    signed_at = models.DateTimeField("thời điểm ký", db_index=True)
    field_name = models.CharField("tên trường chữ ký", max_length=64)
    document_sha256_before = models.CharField("SHA-256 trước khi ký", max_length=64)
    document_sha256_after = models.CharField("SHA-256 sau khi ký", max_length=64, db_index=True)
    document_size_after = models.PositiveBigIntegerField("kích thước sau khi ký (byte)")
    page = models.PositiveIntegerField("trang")
    box = models.JSONField("vị trí (x1, y1, x2, y2, điểm PDF)")
    signer_name = models.CharField("người ký / cơ quan", max_length=255)
    signer_title = models.CharField("chức vụ", max_length=255, blank=True)
    reason = models.CharField("lý do", max_length=255, blank=True)
    location = models.CharField("nơi ký", max_length=255, blank=True)

    class Meta:
        verbose_name = "lượt ký số"
        verbose_name_plural = "nhật ký ký số"
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.signed_at:%Y-%m-%d %H:%M} {self.signer_name} ({self.field_name})"
