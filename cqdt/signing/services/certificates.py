"""Registering signing certificates (PKCS#12 file or PKCS#11 token/HSM) and retiring them.

Secrets (PKCS#12 passphrases, PKCS#11 PINs) are arguments only: never stored, logged or audited.

The appearance module (pyHanko) is imported where an image is checked: importing the services must not load
pyHanko into every web process.
"""

import asyncio
import hashlib
import uuid
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.hashes import SHA256
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cqdt.accounts.models import User
from cqdt.agencies.models import Agency
from cqdt.core.audit import audit_record
from cqdt.signing import certs, keys, trust
from cqdt.signing.models import Certificate, KeySource

MAX_PKCS12_BYTES = 1024 * 1024


def _certificate_snapshot(certificate: Certificate) -> dict[str, Any]:
    return {
        "common_name": certificate.common_name,
        "serial_number": certificate.serial_number,
        "fingerprint_sha256": certificate.fingerprint_sha256,
        "owner_user": certificate.owner_user_id,
        "owner_agency": certificate.owner_agency_id,
        "key_source": certificate.key_source,
        "chain_trusted": certificate.chain_trusted,
        "is_active": certificate.is_active,
    }


def _check_owner(owner_user: User | None, owner_agency: Agency | None) -> None:
    if (owner_user is None) == (owner_agency is None):
        raise ValidationError("Chứng thư số phải thuộc về đúng một cá nhân hoặc một cơ quan.")
    if owner_user is not None and not owner_user.is_active:
        raise ValidationError("Tài khoản được cấp chứng thư số đang bị khóa.")


def _check_appearance(png: bytes, *, seal: bool) -> None:
    from cqdt.signing.appearance import Box, check_png, render_appearance, seal_box

    check_png(png)
    sample = Box(0, 0, 200, 90)
    lines = ["Ký bởi: Nguyễn Văn A", "Thời gian: 2026-01-01T08:00:00+07:00"]
    render_appearance(box=seal_box(sample) if seal else sample, seal=seal, lines=lines, image_png=png)


def _register(
    *,
    actor: User | None,
    owner_user: User | None,
    owner_agency: Agency | None,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    appearance_png: bytes | None,
    require_trusted_chain: bool | None,
    key_fields: dict[str, Any],
) -> Certificate:
    _check_owner(owner_user, owner_agency)
    info = certs.describe(certificate)
    if info.is_ca:
        raise ValidationError("Đây là chứng thư của CA, không dùng để ký tài liệu.")
    now = timezone.now()
    if info.not_after <= now:
        raise ValidationError(f"Chứng thư số đã hết hạn ngày {timezone.localtime(info.not_after):%d/%m/%Y}.")
    if Certificate.objects.filter(fingerprint_sha256=info.fingerprint_sha256).exists():
        raise ValidationError("Chứng thư số này đã được đăng ký.")
    result = trust.chain_check(certificate, extra_certs=chain)
    if require_trusted_chain is None:
        require_trusted_chain = getattr(settings, "CQDT_SIGNING_REQUIRE_TRUSTED_CHAIN", True)
    if require_trusted_chain and not result.trusted:
        raise ValidationError(f"Chứng thư số không được chấp nhận: {result.problem}")
    if appearance_png:
        _check_appearance(appearance_png, seal=owner_agency is not None)
    record = Certificate(
        owner_user=owner_user,
        owner_agency=owner_agency,
        common_name=info.common_name[:255],
        organisation=info.organisation[:255],
        subject=info.subject[:1000],
        issuer=info.issuer[:1000],
        serial_number=info.serial_number[:64],
        fingerprint_sha256=info.fingerprint_sha256,
        not_before=info.not_before,
        not_after=info.not_after,
        certificate_der=certs.der(certificate),
        chain_pem="".join(certs.pem(extra) for extra in chain),
        chain_trusted=result.trusted,
        chain_problem=result.problem[:500],
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        **key_fields,
    )
    if appearance_png:
        record.appearance_sha256 = hashlib.sha256(appearance_png).hexdigest()
        record.appearance_image.save(f"{record.public_id}.png", ContentFile(appearance_png), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError("Chứng thư số này đã được đăng ký.") from None
    audit_record(
        actor=actor,
        action="signing.certificate_register",
        obj=record,
        agency_code=owner_agency.identifier_code if owner_agency else "",
        after=_certificate_snapshot(record),
        reason="" if result.trusted else result.problem,
    )
    return record


@transaction.atomic
def certificate_register_pkcs12(
    *,
    actor: User | None,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    pkcs12: bytes,
    passphrase: str,
    appearance_png: bytes | None = None,
    require_trusted_chain: bool | None = None,
) -> Certificate:
    """Register a PKCS#12 file after checking that `passphrase` opens it; the file is stored as uploaded.

    With `require_trusted_chain` (default: `settings.CQDT_SIGNING_REQUIRE_TRUSTED_CHAIN`, on) a certificate
    that does not chain to an enabled root is refused; otherwise it is registered with the problem noted.
    """
    if len(pkcs12) > MAX_PKCS12_BYTES:
        raise ValidationError("Tệp PKCS#12 quá lớn.")
    certificate, chain = keys.read_pkcs12(pkcs12, passphrase)
    return _register(
        actor=actor,
        owner_user=owner_user,
        owner_agency=owner_agency,
        certificate=certificate,
        chain=chain,
        appearance_png=appearance_png,
        require_trusted_chain=require_trusted_chain,
        key_fields={"key_source": KeySource.PKCS12, "pkcs12_data": pkcs12},
    )


def _verify_pairing(certificate: x509.Certificate, signature: bytes, data: bytes) -> None:
    public_key = certificate.public_key()
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(), SHA256())
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(SHA256()))
        else:
            raise ValidationError("Loại khóa của chứng thư số chưa được hỗ trợ (cần RSA hoặc ECDSA).")
    except InvalidSignature:
        raise ValidationError("Khóa bí mật trên thiết bị không khớp với chứng thư số.") from None


@transaction.atomic
def certificate_register_pkcs11(
    *,
    actor: User | None,
    owner_user: User | None = None,
    owner_agency: Agency | None = None,
    token_label: str,
    key_label: str = "",
    key_id: str = "",
    pin: str,
    certificate_pem_or_der: bytes | None = None,
    appearance_png: bytes | None = None,
    require_trusted_chain: bool | None = None,
) -> Certificate:
    """Register a key held on a PKCS#11 token/HSM. The PIN is used once to prove the key signs and pairs
    with the certificate (given, or read from the token under the same label/id); it is not stored."""
    token_label, key_label, key_id = token_label.strip(), key_label.strip(), key_id.strip().lower()
    if not token_label or not (key_label or key_id):
        raise ValidationError("Cần nhập nhãn thiết bị và nhãn hoặc mã (id) của khóa.")
    try:
        key_id_bytes = bytes.fromhex(key_id) if key_id else None
    except ValueError:
        raise ValidationError("Mã khóa (id) phải ở dạng hex, ví dụ 01.") from None
    given = certs.load_certificate(certificate_pem_or_der) if certificate_pem_or_der else None
    challenge = uuid.uuid4().bytes
    with keys.pkcs11_session(token_label=token_label, pin=pin) as session:
        signer = keys.pkcs11_signer(
            session,
            signing_cert=certs.to_asn1(given) if given else None,
            key_label=key_label or None,
            key_id=key_id_bytes,
            cert_label=None if given else (key_label or None),
            cert_id=None if given else key_id_bytes,
        )
        try:
            signature = asyncio.run(signer.async_sign_raw(challenge, "sha256"))
            token_certificate = certs.from_der(signer.signing_cert.dump())
        except Exception as error:  # PKCS#11 libraries raise their own exception types
            raise ValidationError(f"Không dùng được khóa trên thiết bị: {type(error).__name__}.") from None
    _verify_pairing(token_certificate, signature, challenge)
    return _register(
        actor=actor,
        owner_user=owner_user,
        owner_agency=owner_agency,
        certificate=token_certificate,
        chain=[],
        appearance_png=appearance_png,
        require_trusted_chain=require_trusted_chain,
        key_fields={
            "key_source": KeySource.PKCS11,
            "pkcs11_token_label": token_label,
            "pkcs11_key_label": key_label,
            "pkcs11_key_id": key_id,
        },
    )


def certificate_deactivate(*, actor: User | None, certificate: Certificate, reason: str = "") -> Certificate:
    """Stop using a certificate (lost token, revoked, replaced); its past signatures stay recorded."""
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.is_active:
            return locked
        before = _certificate_snapshot(locked)
        locked.is_active = False
        locked.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="signing.certificate_deactivate",
            obj=locked,
            before=before,
            after=_certificate_snapshot(locked),
            reason=reason,
        )
        return locked
