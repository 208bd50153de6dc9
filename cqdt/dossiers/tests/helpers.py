"""Short-hands for the dossier tests: upload files and the applicant of the test world."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cqdt.dossiers.services import ApplicantData

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "cccd.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def applicant(**overrides: object) -> ApplicantData:
    data: dict[str, object] = {
        "name": "Hoàng Văn Thụ",
        "id_number": "020090001234",
        "phone": "0912345678",
        "email": "thu.hv@example.vn",
        "address": "Thôn Nà Lừa, xã Thử Nghiệm",
    }
    data.update(overrides)
    return ApplicantData(**data)  # type: ignore[arg-type]
