"""Forms: the public verification upload and the admin forms (PEM upload, PKCS#12 registration)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cqdt.accounts.models import User
from cqdt.agencies.models import Agency
from cqdt.signing.pdfinput import human_size, max_pdf_bytes


def _read_limited(upload: object, limit: int, label: str) -> bytes:
    """The bytes of an uploaded file, refusing it before reading when it is over `limit`."""
    if not isinstance(upload, UploadedFile):
        return b""
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"{label} quá lớn (tối đa {human_size(limit)}).")
    return bytes(upload.read())


class VerifyForm(forms.Form):
    file = forms.FileField(
        label="Tệp PDF đã ký số",
        help_text="Tệp được kiểm tra trên máy chủ này, không gửi đi nơi khác và không được lưu lại.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self) -> bytes:
        return _read_limited(self.cleaned_data.get("file"), max_pdf_bytes(), "Tệp PDF")


class TrustAnchorAddForm(forms.Form):
    certificate_file = forms.FileField(
        label="Tệp chứng thư CA (PEM hoặc DER)",
        required=False,
        help_text="Chứng thư CA gốc hoặc CA trung gian.",
    )
    certificate_pem = forms.CharField(
        label="Hoặc dán nội dung PEM", required=False, widget=forms.Textarea(attrs={"rows": 8, "cols": 70})
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        data = _read_limited(cleaned.get("certificate_file"), 1024 * 1024, "Tệp chứng thư")
        if not data:
            data = str(cleaned.get("certificate_pem") or "").strip().encode("ascii", errors="replace")
        if not data:
            raise ValidationError("Cần chọn tệp chứng thư hoặc dán nội dung PEM.")
        cleaned["pem_or_der"] = data
        return cleaned


class CertificatePkcs12Form(forms.Form):
    owner_user = forms.ModelChoiceField(
        label="Cá nhân", queryset=User.objects.filter(is_active=True).order_by("username"), required=False
    )
    owner_agency = forms.ModelChoiceField(
        label="Cơ quan, tổ chức (con dấu)", queryset=Agency.objects.order_by("name"), required=False
    )
    pkcs12_file = forms.FileField(label="Tệp PKCS#12 (.p12, .pfx)")
    passphrase = forms.CharField(
        label="Mật khẩu tệp PKCS#12",
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Chỉ dùng một lần để kiểm tra tệp; không được lưu lại. Sẽ được hỏi lại mỗi lần ký.",
    )
    appearance_image = forms.FileField(
        label="Ảnh chữ ký (xanh) hoặc con dấu (đỏ), PNG nền trong suốt", required=False
    )
    allow_untrusted = forms.BooleanField(
        label="Vẫn đăng ký nếu chứng thư không thuộc chuỗi tin cậy", required=False
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("owner_user")) == bool(cleaned.get("owner_agency")):
            raise ValidationError("Chọn đúng một chủ sở hữu: một cá nhân hoặc một cơ quan.")
        cleaned["pkcs12"] = _read_limited(cleaned.get("pkcs12_file"), 1024 * 1024, "Tệp PKCS#12")
        cleaned["appearance_png"] = (
            _read_limited(cleaned.get("appearance_image"), 2 * 1024 * 1024, "Ảnh") or None
        )
        return cleaned
