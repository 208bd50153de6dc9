"""The trust store as pyHanko sees it: enabled roots, helper intermediates and local CRLs; never the network.

A government network is often closed, so nothing is fetched (`allow_fetching=False`). Revocation is checked
only against revocation data embedded in the PDF (its DSS) and the CRL files an administrator drops into
`settings.CQDT_SIGNING_CRL_DIR`; without any, a certificate is not reported revoked ("soft-fail").

pyhanko-certvalidator is imported inside the functions that validate: it pulls in aiohttp, tens of megabytes
in every web process that imports the signing services but never validates a chain.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from asn1crypto import crl as asn1_crl
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from django.conf import settings

from cqdt.signing import certs
from cqdt.signing.models import TrustAnchor

if TYPE_CHECKING:
    from pyhanko_certvalidator import ValidationContext

log = structlog.get_logger(__name__)

ACCEPTED_KEY_USAGES = frozenset({"non_repudiation", "digital_signature"})
_CRL_SUFFIXES = {".crl", ".der", ".pem"}


def local_crls() -> list[asn1_crl.CertificateList]:
    """Every CRL file in the configured folder; unreadable files are logged and skipped."""
    folder = getattr(settings, "CQDT_SIGNING_CRL_DIR", "")
    if not folder:
        return []
    directory = Path(folder)
    if not directory.is_dir():
        log.warning("signing.crl_dir_missing", path=str(directory))
        return []
    crls: list[asn1_crl.CertificateList] = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in _CRL_SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        try:
            if asn1_pem.detect(data):
                _, _, data = asn1_pem.unarmor(data)
            crl = asn1_crl.CertificateList.load(data)
            crl.native  # noqa: B018  (parses the whole structure now, not during validation)
        except (ValueError, TypeError):
            log.warning("signing.crl_unreadable", path=str(path))
            continue
        crls.append(crl)
    return crls


def validation_kwargs() -> dict[str, Any]:
    """Arguments for a pyHanko `ValidationContext` built from the enabled trust anchors."""
    roots: list[asn1_x509.Certificate] = []
    intermediates: list[asn1_x509.Certificate] = []
    for anchor in TrustAnchor.objects.filter(enabled=True).only("certificate_der", "is_root"):
        certificate = certs.to_asn1(certs.from_der(anchor.certificate_der))
        (roots if anchor.is_root else intermediates).append(certificate)
    return {
        "trust_roots": roots,
        "other_certs": intermediates,
        "crls": local_crls(),
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
    }


def validation_context(*, moment: datetime | None = None) -> ValidationContext:
    from pyhanko_certvalidator import ValidationContext

    kwargs = validation_kwargs()
    if moment is not None:
        kwargs["moment"] = moment
    return ValidationContext(**kwargs)


@dataclass(frozen=True)
class ChainResult:
    trusted: bool
    problem: str = ""
    revoked: bool = False


def describe_path_error(error: Exception) -> str:
    """A Vietnamese sentence for a certificate path validation failure."""
    from pyhanko_certvalidator import errors as cv_errors

    if isinstance(error, cv_errors.RevokedError):
        return "Chứng thư số (hoặc CA cấp nó) đã bị thu hồi."
    if isinstance(error, cv_errors.ExpiredError):
        return f"Chứng thư số đã hết hạn ngày {error.expired_dt:%d/%m/%Y}."
    if isinstance(error, cv_errors.NotYetValidError):
        return f"Chứng thư số chưa có hiệu lực (từ ngày {error.valid_from:%d/%m/%Y})."
    if isinstance(error, cv_errors.PathBuildingError):
        return "Không xây dựng được chuỗi chứng thư đến một CA gốc tin cậy."
    if isinstance(error, cv_errors.InsufficientRevinfoError):
        return "Không đủ thông tin thu hồi để xác minh chứng thư số."
    return "Chuỗi chứng thư số không hợp lệ."


def chain_check(
    certificate: x509.Certificate,
    *,
    extra_certs: Sequence[x509.Certificate] = (),
    moment: datetime | None = None,
) -> ChainResult:
    """Does `certificate` chain to an enabled root, is it in force and fit for signing?"""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator import errors as cv_errors

    context = validation_context(moment=moment)
    validator = CertificateValidator(
        certs.to_asn1(certificate),
        intermediate_certs=[certs.to_asn1(extra) for extra in extra_certs],
        validation_context=context,
    )
    try:
        asyncio.run(validator.async_validate_path())
    except (cv_errors.PathBuildingError, cv_errors.PathValidationError, cv_errors.ValidationError) as error:
        revoked = isinstance(error, cv_errors.RevokedError)
        return ChainResult(trusted=False, problem=describe_path_error(error), revoked=revoked)
    if not _has_signing_key_usage(certificate):
        return ChainResult(
            trusted=False,
            problem="Chứng thư số không có mục đích sử dụng ký số (digitalSignature hoặc nonRepudiation).",
        )
    return ChainResult(trusted=True)


def _has_signing_key_usage(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True  # no restriction stated
    return usage.digital_signature or usage.content_commitment
