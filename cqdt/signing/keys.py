"""Opening a registered certificate's private key for one signing: a PKCS#12 file or a PKCS#11 token/HSM.

The secret (PKCS#12 passphrase or PKCS#11 PIN) lives only for the call. With an HSM the PIN may come from
`settings.CQDT_PKCS11_PIN` so that a server can apply the agency seal unattended; see docs/signing.md.

pyHanko and python-pkcs11 are imported inside the functions that open a key: the signing services import
this module in every web process, and only signing needs those libraries' tens of megabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import structlog
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ValidationError

from cqdt.signing import certs
from cqdt.signing.models import Certificate, KeySource

if TYPE_CHECKING:
    from pyhanko.sign import signers

log = structlog.get_logger(__name__)


def read_pkcs12(data: bytes, passphrase: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """The certificate and the CA certificates in a PKCS#12 file; refuses a wrong passphrase."""
    try:
        key, certificate, additional = pkcs12.load_key_and_certificates(data, passphrase.encode())
    except ValueError:
        raise ValidationError("Mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng.") from None
    if key is None or certificate is None:
        raise ValidationError("Tệp PKCS#12 không chứa khóa bí mật và chứng thư số đi kèm.")
    return certificate, list(additional)


def chain_certificates(certificate: Certificate) -> list[x509.Certificate]:
    if not certificate.chain_pem:
        return []
    return certs.load_certificates(certificate.chain_pem.encode("ascii"))


def pkcs11_module() -> str:
    module = getattr(settings, "CQDT_PKCS11_MODULE", "")
    if not module:
        raise ValidationError("Máy chủ chưa cấu hình thư viện PKCS#11 (CQDT_PKCS11_MODULE).")
    return str(module)


def pkcs11_pin(secret: str) -> str:
    pin = secret or getattr(settings, "CQDT_PKCS11_PIN", "")
    if not pin:
        raise ValidationError("Cần nhập mã PIN của thiết bị ký số.")
    return str(pin)


@contextmanager
def pkcs11_session(*, token_label: str, pin: str) -> Iterator[Any]:
    """An open, logged-in session on the token labelled `token_label`; closed on exit."""
    import pkcs11
    from pkcs11 import exceptions as p11_errors

    module = pkcs11_module()
    try:
        token = pkcs11.lib(module).get_token(token_label=token_label)
    except p11_errors.NoSuchToken:
        raise ValidationError(f"Không tìm thấy thiết bị ký số có nhãn “{token_label}”.") from None
    except (p11_errors.PKCS11Error, OSError) as error:
        log.warning("signing.pkcs11_module_failed", error=type(error).__name__, module=module)
        raise ValidationError("Không nạp được thư viện PKCS#11 của thiết bị ký số.") from None
    try:
        session = token.open(user_pin=pin)
    except p11_errors.PinIncorrect:
        raise ValidationError("Mã PIN của thiết bị ký số không đúng.") from None
    except p11_errors.PinLocked:
        raise ValidationError("Thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần.") from None
    except p11_errors.PKCS11Error as error:
        log.warning("signing.pkcs11_open_failed", error=type(error).__name__, token=token_label)
        raise ValidationError("Không mở được phiên làm việc với thiết bị ký số.") from None
    try:
        yield session
    finally:
        session.close()


def pkcs11_signer(session: Any, **kwargs: Any) -> Any:
    """pyHanko's PKCS#11 signer using the raw mechanisms (CKM_ECDSA, CKM_RSA_PKCS over a digest pyHanko
    computes): every token implements those, while combined ones such as CKM_ECDSA_SHA256 are often missing
    (SoftHSM2 among them)."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    return PKCS11Signer(session, use_raw_mechanism=True, other_certs_to_pull=(), **kwargs)


@contextmanager
def open_signer(certificate: Certificate, secret: str) -> Iterator[signers.Signer]:
    """A pyHanko signer for `certificate`'s key, usable inside the `with` block."""
    from pyhanko.sign import signers

    chain = chain_certificates(certificate)
    if certificate.key_source == KeySource.PKCS12:
        data = bytes(certificate.pkcs12_data or b"")
        stored, extra = read_pkcs12(data, secret)
        if certs.fingerprint_sha256(stored) != certificate.fingerprint_sha256:
            raise ValidationError("Tệp PKCS#12 đã lưu không khớp với chứng thư số đã đăng ký.")
        yield signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[certs.to_asn1(c) for c in chain + extra], passphrase=secret.encode()
        )
        return
    with pkcs11_session(token_label=certificate.pkcs11_token_label, pin=pkcs11_pin(secret)) as session:
        yield pkcs11_signer(
            session,
            signing_cert=certs.to_asn1(certs.from_der(certificate.certificate_der)),
            ca_chain=[certs.to_asn1(c) for c in chain],
            key_label=certificate.pkcs11_key_label or None,
            key_id=bytes.fromhex(certificate.pkcs11_key_id) if certificate.pkcs11_key_id else None,
        )
