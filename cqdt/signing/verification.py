"""Verifying every signature in a PDF against the trust store, offline, with a report in Vietnamese.

Per signature: who signed (CN, organisation, serial), whether the signed bytes are intact, whether the
certificate chains to an enabled root (or why not: untrusted root, expired, not yet valid, revoked — the
last only when revocation data is embedded or configured locally), what the signature covers and whether the
changes made after it are allowed incremental updates (more signatures, form filling, validation data).

pyHanko is imported inside the functions that validate: the report types are imported by every web process
(API schemas, views), and pyHanko would add tens of megabytes to each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from hashlib import sha256
from typing import TYPE_CHECKING, Any

import structlog
from asn1crypto import x509 as asn1_x509
from django.utils import timezone

from cqdt.signing import pdfinput, trust

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import EmbeddedPdfSignature, PdfSignatureStatus, SignatureCoverageLevel
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

log = structlog.get_logger(__name__)

_PADES_SUBFILTER = "/ETSI.CAdES.detached"


class Verdict(StrEnum):
    VALID = "valid"
    INDETERMINATE = "indeterminate"
    INVALID = "invalid"


class TrustStatus(StrEnum):
    TRUSTED = "trusted"
    UNTRUSTED_ROOT = "untrusted_root"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    INVALID_CHAIN = "invalid_chain"
    UNKNOWN = "unknown"


VERDICT_LABELS = {
    Verdict.VALID: "Hợp lệ",
    Verdict.INDETERMINATE: "Chưa xác định được (chữ ký nguyên vẹn nhưng chứng thư chưa được tin cậy)",
    Verdict.INVALID: "Không hợp lệ",
}


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    verdict: Verdict
    verdict_label: str
    signer_common_name: str = ""
    signer_organisation: str = ""
    certificate_serial: str = ""
    certificate_issuer: str = ""
    certificate_not_before: datetime | None = None
    certificate_not_after: datetime | None = None
    signing_time: datetime | None = None
    reason: str = ""
    location: str = ""
    intact: bool = False
    trust: TrustStatus = TrustStatus.UNKNOWN
    trust_message: str = ""
    coverage: str = ""
    coverage_message: str = ""
    modification: str = ""
    modification_message: str = ""
    changes_allowed: bool = False
    pades_level: str = ""
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerificationReport:
    sha256: str
    size: int
    signatures: tuple[SignatureReport, ...]
    has_javascript: bool
    warnings: tuple[str, ...] = field(default=())

    @property
    def all_valid(self) -> bool:
        return bool(self.signatures) and all(s.verdict == Verdict.VALID for s in self.signatures)

    @property
    def summary(self) -> str:
        if not self.signatures:
            return "Tệp không có chữ ký số."
        valid = sum(1 for s in self.signatures if s.verdict == Verdict.VALID)
        if valid == len(self.signatures):
            return f"Tất cả {valid} chữ ký số đều hợp lệ."
        return f"{valid}/{len(self.signatures)} chữ ký số hợp lệ."


def _name_part(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _trust(status: PdfSignatureStatus, now: datetime) -> tuple[TrustStatus, str]:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate

    cert = status.signing_cert
    not_before, not_after = cert.not_valid_before, cert.not_valid_after
    indication = status.trust_problem_indic
    if status.trusted:
        return TrustStatus.TRUSTED, "Chứng thư số thuộc chuỗi tin cậy (CA gốc trong danh sách tin cậy)."
    if status.revoked or indication in (
        AdESFailure.REVOKED,
        AdESIndeterminate.REVOKED_NO_POE,
        AdESIndeterminate.REVOKED_CA_NO_POE,
    ):
        details = status.revocation_details
        when = f" từ ngày {details.revocation_date:%d/%m/%Y}" if details else ""
        return TrustStatus.REVOKED, f"Chứng thư số đã bị thu hồi{when}."
    if now > not_after:
        return TrustStatus.EXPIRED, (
            f"Chứng thư số đã hết hạn ngày {timezone.localtime(not_after):%d/%m/%Y}; chữ ký không có dấu "
            "thời gian tin cậy chứng minh được ký trước ngày đó."
        )
    if now < not_before or indication in (AdESFailure.NOT_YET_VALID, AdESIndeterminate.NOT_YET_VALID):
        return TrustStatus.NOT_YET_VALID, (
            f"Chứng thư số chưa có hiệu lực (từ ngày {timezone.localtime(not_before):%d/%m/%Y})."
        )
    if status.validation_path is None or indication == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return TrustStatus.UNTRUSTED_ROOT, (
            "Chứng thư số không thuộc chuỗi tin cậy: CA gốc không có trong danh sách tin cậy."
        )
    return (
        TrustStatus.INVALID_CHAIN,
        "Chuỗi chứng thư số không đáp ứng yêu cầu (mục đích sử dụng, ràng buộc).",
    )


@cache
def _coverage_texts() -> dict[SignatureCoverageLevel, tuple[str, str]]:
    from pyhanko.sign.validation import SignatureCoverageLevel

    return {
        SignatureCoverageLevel.ENTIRE_FILE: ("entire_file", "Chữ ký bao trùm toàn bộ tệp."),
        SignatureCoverageLevel.ENTIRE_REVISION: (
            "entire_revision",
            "Chữ ký bao trùm phiên bản tài liệu đã ký; sau đó tệp có thêm phần cập nhật.",
        ),
    }


@cache
def _modification_texts() -> dict[ModificationLevel, tuple[str, str]]:
    from pyhanko.sign.diff_analysis import ModificationLevel

    return {
        ModificationLevel.NONE: ("none", "Không có thay đổi sau khi ký."),
        ModificationLevel.LTA_UPDATES: (
            "lta_updates",
            "Sau khi ký chỉ bổ sung dữ liệu xác thực (chứng thư, danh sách thu hồi, dấu thời gian).",
        ),
        ModificationLevel.FORM_FILLING: (
            "form_filling",
            "Sau khi ký chỉ có thêm chữ ký khác hoặc điền biểu mẫu.",
        ),
        ModificationLevel.ANNOTATIONS: ("annotations", "Sau khi ký có thêm ghi chú (annotation)."),
        ModificationLevel.OTHER: ("other", "Nội dung tài liệu đã bị sửa đổi sau khi ký."),
    }


def _pades_level(embedded: EmbeddedPdfSignature, status: PdfSignatureStatus, has_dss: bool) -> str:
    """Our reading of the baseline level from what the file holds (pyHanko does not name it)."""
    if str(embedded.sig_object.get("/SubFilter", "")) != _PADES_SUBFILTER:
        return ""
    if status.timestamp_validity is None:
        return "PAdES B-B"
    return "PAdES B-LT" if has_dss else "PAdES B-T"


def _report(embedded: EmbeddedPdfSignature, status: PdfSignatureStatus, has_dss: bool) -> SignatureReport:
    cert = status.signing_cert
    now = timezone.now()
    trust_status, trust_message = _trust(status, now)
    coverage, coverage_message = (_coverage_texts().get(status.coverage) if status.coverage else None) or (
        "partial",
        "Chữ ký không bao trùm trọn vẹn một phiên bản của tài liệu.",
    )
    level = status.modification_level
    modification, modification_message = (
        _modification_texts()[level]
        if level is not None
        else ("unknown", "Không xác định được các thay đổi sau khi ký.")
    )
    changes_allowed = bool(status.docmdp_ok) and coverage != "partial"
    problems: list[str] = []
    intact = status.intact and status.valid
    if not intact:
        problems.append("Dữ liệu đã ký bị thay đổi hoặc giá trị chữ ký không đúng.")
    if not changes_allowed:
        problems.append(modification_message if modification == "other" else coverage_message)
    if trust_status != TrustStatus.TRUSTED:
        problems.append(trust_message)
    if not intact or not changes_allowed or trust_status == TrustStatus.REVOKED:
        verdict = Verdict.INVALID
    elif trust_status != TrustStatus.TRUSTED:
        verdict = Verdict.INDETERMINATE
    else:
        verdict = Verdict.VALID
    signing_time = status.timestamp_validity.timestamp if status.timestamp_validity else None
    sig_object = embedded.sig_object
    return SignatureReport(
        field_name=embedded.field_name,
        verdict=verdict,
        verdict_label=VERDICT_LABELS[verdict],
        signer_common_name=_name_part(cert.subject, "common_name"),
        signer_organisation=_name_part(cert.subject, "organization_name"),
        certificate_serial=format(cert.serial_number, "X"),
        certificate_issuer=_name_part(cert.issuer, "common_name"),
        certificate_not_before=cert.not_valid_before,
        certificate_not_after=cert.not_valid_after,
        signing_time=signing_time or status.signer_reported_dt,
        reason=str(sig_object.get("/Reason", "")),
        location=str(sig_object.get("/Location", "")),
        intact=intact,
        trust=trust_status,
        trust_message=trust_message,
        coverage=coverage,
        coverage_message=coverage_message,
        modification=modification,
        modification_message=modification_message,
        changes_allowed=changes_allowed,
        pades_level=_pades_level(embedded, status, has_dss),
        problems=tuple(problems),
    )


def _broken(field_name: str) -> SignatureReport:
    return SignatureReport(
        field_name=field_name,
        verdict=Verdict.INVALID,
        verdict_label=VERDICT_LABELS[Verdict.INVALID],
        trust_message="Không đọc được chứng thư số của chữ ký.",
        problems=("Chữ ký bị hỏng hoặc bị giả mạo: không đọc được dữ liệu chữ ký.",),
    )


def _signatures(reader: PdfFileReader) -> list[EmbeddedPdfSignature | str]:
    """The signatures in signing order; a field whose signature cannot even be parsed is given by name."""
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import EmbeddedPdfSignature

    found: list[tuple[int, EmbeddedPdfSignature | str]] = []
    revision = -1
    for name, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
        try:
            if value.get_object().get("/Type") == "/DocTimeStamp":
                continue  # a document timestamp, not a signature
            embedded = EmbeddedPdfSignature(reader, field_ref, name)
            revision = embedded.signed_revision
            found.append((revision, embedded))
        except Exception as error:  # hostile signature dictionaries raise from deep inside the parsers
            log.info("signing.signature_unparseable", field=str(name), error=type(error).__name__)
            found.append((revision, str(name)))
    found.sort(key=lambda item: item[0])  # stable: an unparseable one keeps its place
    return [item for _, item in found]


def _validation_context(reader: PdfFileReader, kwargs: dict[str, Any]) -> tuple[ValidationContext, bool]:
    from pyhanko.sign.validation import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError
    from pyhanko_certvalidator import ValidationContext

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return ValidationContext(**kwargs), False
    return dss.as_validation_context(kwargs), True


@cache
def _key_usage() -> KeyUsageConstraints:
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(key_usage=set(trust.ACCEPTED_KEY_USAGES), match_all_key_usages=False)


def pdf_verify(pdf: bytes) -> VerificationReport:
    """One entry per signature, in signing order. Raises `ValidationError` for a file that is not a PDF."""
    from pyhanko.sign.validation import validate_pdf_signature

    reader = pdfinput.open_pdf(pdf)
    has_javascript = pdfinput.contains_javascript(reader)
    kwargs = trust.validation_kwargs()
    reports: list[SignatureReport] = []
    warnings: list[str] = []
    if has_javascript:
        warnings.append("Tệp PDF có chứa mã JavaScript; không nên mở bằng trình đọc cho phép chạy mã.")
    for embedded in _signatures(reader):
        if isinstance(embedded, str):
            reports.append(_broken(embedded))
            continue
        try:
            context, has_dss = _validation_context(reader, kwargs)
            status = validate_pdf_signature(embedded, context, key_usage_settings=_key_usage())
            reports.append(_report(embedded, status, has_dss))
        except Exception as error:  # a forged signature can make the CMS parser raise anything
            log.info(
                "signing.signature_unreadable", field=str(embedded.field_name), error=type(error).__name__
            )
            reports.append(_broken(str(embedded.field_name)))
    return VerificationReport(
        sha256=sha256(pdf).hexdigest(),
        size=len(pdf),
        signatures=tuple(reports),
        has_javascript=has_javascript,
        warnings=tuple(warnings),
    )
