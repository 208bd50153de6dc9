"""Writes to the trust store: add a CA certificate, disable or re-enable it."""

from typing import Any

from cryptography.exceptions import InvalidSignature
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cqdt.accounts.models import User
from cqdt.core.audit import audit_record
from cqdt.signing import certs
from cqdt.signing.models import TrustAnchor


def _anchor_snapshot(anchor: TrustAnchor) -> dict[str, Any]:
    return {
        "common_name": anchor.common_name,
        "fingerprint_sha256": anchor.fingerprint_sha256,
        "is_root": anchor.is_root,
        "enabled": anchor.enabled,
    }


@transaction.atomic
def trust_anchor_add(*, actor: User | None, pem_or_der: bytes) -> TrustAnchor:
    """Add a CA certificate (root or intermediate) to the trust store, enabled."""
    certificate = certs.load_certificate(pem_or_der)
    info = certs.describe(certificate)
    if not info.is_ca:
        raise ValidationError("Đây không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA).")
    is_root = info.is_self_signed
    if is_root:
        try:
            certificate.verify_directly_issued_by(certificate)
        except (ValueError, TypeError, InvalidSignature):
            raise ValidationError("Chứng thư CA gốc có chữ ký tự ký không hợp lệ.") from None
    if TrustAnchor.objects.filter(fingerprint_sha256=info.fingerprint_sha256).exists():
        raise ValidationError("Chứng thư này đã có trong danh sách CA tin cậy.")
    anchor = TrustAnchor(
        common_name=info.common_name[:255],
        subject=info.subject[:1000],
        issuer=info.issuer[:1000],
        serial_number=info.serial_number[:64],
        fingerprint_sha256=info.fingerprint_sha256,
        not_before=info.not_before,
        not_after=info.not_after,
        is_root=is_root,
        enabled=True,
        certificate_der=certs.der(certificate),
        added_by=actor if actor is not None and actor.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            anchor.save()
    except IntegrityError:
        raise ValidationError("Chứng thư này đã có trong danh sách CA tin cậy.") from None
    audit_record(actor=actor, action="signing.trust_anchor_add", obj=anchor, after=_anchor_snapshot(anchor))
    return anchor


def _trust_anchor_set_enabled(
    *, actor: User | None, anchor: TrustAnchor, enabled: bool, reason: str
) -> TrustAnchor:
    with transaction.atomic():
        locked = TrustAnchor.objects.select_for_update().get(pk=anchor.pk)
        if locked.enabled == enabled:
            return locked
        before = _anchor_snapshot(locked)
        locked.enabled = enabled
        locked.save(update_fields=["enabled", "updated_at"])
        audit_record(
            actor=actor,
            action="signing.trust_anchor_enable" if enabled else "signing.trust_anchor_disable",
            obj=locked,
            before=before,
            after=_anchor_snapshot(locked),
            reason=reason,
        )
        return locked


def trust_anchor_disable(*, actor: User | None, anchor: TrustAnchor, reason: str = "") -> TrustAnchor:
    """Stop trusting a CA: signatures chaining only to it are then reported untrusted."""
    return _trust_anchor_set_enabled(actor=actor, anchor=anchor, enabled=False, reason=reason)


def trust_anchor_enable(*, actor: User | None, anchor: TrustAnchor, reason: str = "") -> TrustAnchor:
    return _trust_anchor_set_enabled(actor=actor, anchor=anchor, enabled=True, reason=reason)
