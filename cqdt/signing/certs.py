"""Reading X.509 certificates (PEM or DER) and the facts about them the app stores and shows."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError

_PEM_MARKER = b"-----BEGIN CERTIFICATE-----"
# A certificate bundle pasted or uploaded by an administrator is small; refuse anything far larger.
MAX_CERTIFICATE_INPUT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CertificateInfo:
    common_name: str
    organisation: str
    subject: str
    issuer: str
    serial_number: str
    fingerprint_sha256: str
    not_before: datetime
    not_after: datetime
    is_ca: bool
    is_self_signed: bool


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in `data`: one DER certificate, or one or more PEM blocks."""
    if len(data) > MAX_CERTIFICATE_INPUT_BYTES:
        raise ValidationError("Tệp chứng thư quá lớn.")
    try:
        if _PEM_MARKER in data:
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ValidationError("Không đọc được chứng thư số (cần tệp PEM hoặc DER hợp lệ).") from None
    if not certificates:
        raise ValidationError("Không tìm thấy chứng thư số nào trong tệp.")
    return certificates


def load_certificate(data: bytes) -> x509.Certificate:
    certificates = load_certificates(data)
    if len(certificates) != 1:
        raise ValidationError("Tệp phải chứa đúng một chứng thư số.")
    return certificates[0]


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def to_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(der(certificate))


def from_der(data: bytes | memoryview) -> x509.Certificate:
    return x509.load_der_x509_certificate(bytes(data))


def fingerprint_sha256(certificate: x509.Certificate) -> str:
    return hashlib.sha256(der(certificate)).hexdigest()


def serial_hex(serial: int) -> str:
    return format(serial, "X")


def name_attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    return constraints.ca


def describe(certificate: x509.Certificate) -> CertificateInfo:
    subject = certificate.subject
    return CertificateInfo(
        common_name=name_attribute(subject, NameOID.COMMON_NAME) or subject.rfc4514_string(),
        organisation=name_attribute(subject, NameOID.ORGANIZATION_NAME),
        subject=subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial_number=serial_hex(certificate.serial_number),
        fingerprint_sha256=fingerprint_sha256(certificate),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        is_ca=_is_ca(certificate),
        is_self_signed=certificate.subject == certificate.issuer,
    )
