"""Signing API: verify the signatures of an uploaded PDF. Public: a report reveals nothing secret."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from cqdt.core.errors import problem_response
from cqdt.signing.pdfinput import human_size, max_pdf_bytes
from cqdt.signing.services import SignatureReport, VerificationReport, pdf_verify

router = Router()


class SignatureOut(Schema):
    field_name: str
    verdict: str
    verdict_label: str
    signer_common_name: str
    signer_organisation: str
    certificate_serial: str
    certificate_issuer: str
    certificate_not_before: datetime | None
    certificate_not_after: datetime | None
    signing_time: datetime | None
    reason: str
    location: str
    intact: bool
    trust: str
    trust_message: str
    coverage: str
    coverage_message: str
    modification: str
    modification_message: str
    changes_allowed: bool
    pades_level: str
    problems: list[str]


class VerificationOut(Schema):
    sha256: str
    size: int
    all_valid: bool
    summary: str
    has_javascript: bool
    warnings: list[str]
    signatures: list[SignatureOut]


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""


def _signature_out(signature: SignatureReport) -> SignatureOut:
    return SignatureOut(
        field_name=signature.field_name,
        verdict=signature.verdict.value,
        verdict_label=signature.verdict_label,
        signer_common_name=signature.signer_common_name,
        signer_organisation=signature.signer_organisation,
        certificate_serial=signature.certificate_serial,
        certificate_issuer=signature.certificate_issuer,
        certificate_not_before=signature.certificate_not_before,
        certificate_not_after=signature.certificate_not_after,
        signing_time=signature.signing_time,
        reason=signature.reason,
        location=signature.location,
        intact=signature.intact,
        trust=signature.trust.value,
        trust_message=signature.trust_message,
        coverage=signature.coverage,
        coverage_message=signature.coverage_message,
        modification=signature.modification,
        modification_message=signature.modification_message,
        changes_allowed=signature.changes_allowed,
        pades_level=signature.pades_level,
        problems=list(signature.problems),
    )


def report_out(report: VerificationReport) -> VerificationOut:
    return VerificationOut(
        sha256=report.sha256,
        size=report.size,
        all_valid=report.all_valid,
        summary=report.summary,
        has_javascript=report.has_javascript,
        warnings=list(report.warnings),
        signatures=[_signature_out(signature) for signature in report.signatures],
    )


@router.post(
    "/verify",
    response={200: VerificationOut, 400: ProblemOut, 413: ProblemOut},
    summary="Kiểm tra chữ ký số trong tệp PDF",
    description=(
        "Gửi một tệp PDF (multipart, trường `file`); nhận báo cáo cho từng chữ ký: người ký, chứng thư, "
        "chuỗi tin cậy, tính toàn vẹn và các thay đổi sau khi ký. Không truy cập mạng bên ngoài."
    ),
)
def verify(request: HttpRequest, file: File[UploadedFile]) -> VerificationOut | HttpResponse:
    limit = max_pdf_bytes()
    if file.size is not None and file.size > limit:
        return problem_response(
            request,
            status=413,
            title="Tệp quá lớn",
            detail=f"Tệp PDF vượt quá giới hạn {human_size(limit)}.",
        )
    try:
        report = pdf_verify(file.read())
    except ValidationError as error:
        return problem_response(
            request, status=400, title="Tệp không hợp lệ", detail="; ".join(error.messages)
        )
    return report_out(report)
