"""Signing a PDF: PAdES (ETSI.CAdES.detached) in an incremental update, with a visible appearance.

Every signature is appended as an incremental update, so earlier signatures stay valid: the leader signs,
then the clerk applies the agency's seal over the left third of the leader's signature box. When the
certificate chains to an enabled root, its chain (and any local CRLs) are embedded in the document's DSS so
the file can be validated later offline; no timestamp authority or OCSP responder is contacted.

pyHanko, python-pkcs11 and the appearance module are imported inside the functions that sign: other apps
import `pdf_sign` at start-up, and these libraries would add tens of megabytes to every web process.
"""

from __future__ import annotations

import hashlib
import io
import logging
import uuid
from typing import TYPE_CHECKING, Any

import structlog
from cryptography import x509
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cqdt.accounts.models import User
from cqdt.core.audit import audit_record
from cqdt.signing import certs, keys, pdfinput, trust
from cqdt.signing.access import access_certificate_for_signing
from cqdt.signing.models import Certificate, SignatureEvent

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from cqdt.signing.appearance import Box

log = structlog.get_logger(__name__)


class _OfflineByDesign(logging.Filter):
    """pyHanko warns on every signature that embeds validation data without fetching; here that is the design
    (closed government networks), so this one notice is dropped and every other warning kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Validation/revocation info will be embedded, but fetching")


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_OfflineByDesign())

MAX_TEXT_LENGTH = 200


def _page_count(reader: PdfFileReader) -> int:
    from pyhanko.pdf_utils import generic

    try:
        count = reader.root["/Pages"]["/Count"]
    except (KeyError, TypeError):
        raise ValidationError("Tệp PDF không có danh sách trang hợp lệ.") from None
    if not isinstance(count, int | generic.NumberObject) or count < 1:
        raise ValidationError("Tệp PDF không có trang nào.")
    return int(count)


def _key_usages(certificate: x509.Certificate) -> set[str]:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return set()
    found = set()
    if usage.content_commitment:
        found.add("non_repudiation")
    if usage.digital_signature:
        found.add("digital_signature")
    return found


def _clean(value: str, label: str) -> str:
    value = " ".join(value.split())
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(f"{label} dài quá {MAX_TEXT_LENGTH} ký tự.")
    return value


def _appearance_image(certificate: Certificate) -> bytes | None:
    if not certificate.appearance_image:
        return None
    with certificate.appearance_image.open("rb") as stored:
        data = stored.read()
    if certificate.appearance_sha256 and hashlib.sha256(data).hexdigest() != certificate.appearance_sha256:
        raise ValidationError("Ảnh chữ ký/con dấu đã lưu bị thay đổi so với lúc đăng ký.")
    return data


def _default_name(certificate: Certificate) -> str:
    # An agency signs under its full legal name, which its CA wrote into the certificate.
    if certificate.owner_user is not None and certificate.owner_user.full_name:
        return certificate.owner_user.full_name
    return certificate.common_name


def pdf_sign(
    *,
    actor: User | None,
    pdf: bytes,
    certificate: Certificate,
    secret: str,
    page: int,
    box: tuple[float, float, float, float],
    signer_name: str = "",
    signer_title: str = "",
    reason: str = "",
    location: str = "",
) -> bytes:
    """Sign `pdf` with `certificate` and return the signed file (the input plus one incremental update).

    `page` counts from 1. `box` is (x1, y1, x2, y2) in PDF points from the page's bottom-left corner: the
    person's signature box. For an agency certificate pass the same box as the person's signature: the seal
    is drawn as a square overlapping its left third. `secret` is the PKCS#12 passphrase or the PKCS#11 PIN
    (empty to use `settings.CQDT_PKCS11_PIN`); it is used for this call only.
    """
    from cqdt.signing.appearance import Box, person_lines, render_appearance, seal_box, seal_lines

    access_certificate_for_signing(actor=actor, certificate=certificate)
    target = Box.of(box)
    signer_name = _clean(signer_name, "Tên người ký")
    signer_title = _clean(signer_title, "Chức vụ")
    reason, location = _clean(reason, "Lý do ký"), _clean(location, "Nơi ký")
    reader = pdfinput.open_pdf(pdf)
    if pdfinput.contains_javascript(reader):
        raise ValidationError("Tệp PDF có chứa mã JavaScript; không ký tài liệu có nội dung thực thi.")
    if not 1 <= page <= _page_count(reader):
        raise ValidationError(f"Trang {page} không có trong tài liệu.")

    with transaction.atomic():
        locked = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("owner_user", "owner_agency")
            .get(pk=certificate.pk)
        )
        now = timezone.now()
        if not locked.is_active:
            raise ValidationError("Chứng thư số này đã ngừng sử dụng.")
        if now >= locked.not_after:
            raise ValidationError(
                f"Chứng thư số đã hết hạn ngày {timezone.localtime(locked.not_after):%d/%m/%Y}."
            )
        if now < locked.not_before:
            raise ValidationError("Chứng thư số chưa đến ngày có hiệu lực.")
        seal = locked.is_agency_seal
        name = signer_name or _default_name(locked)
        widget = seal_box(target) if seal else target
        lines = (
            seal_lines(agency_name=name, at=now)
            if seal
            else person_lines(name=name, title=signer_title, at=now)
        )
        appearance = render_appearance(
            box=widget, seal=seal, lines=lines, image_png=_appearance_image(locked)
        )
        signed = _sign(
            pdf=pdf, certificate=locked, secret=secret, page=page, widget=widget, appearance=appearance,
            name=name, reason=reason, location=location,
        )  # fmt: skip
        event = SignatureEvent.objects.create(
            certificate=locked,
            signed_by=actor if actor is not None and actor.is_authenticated else None,
            signed_at=now,
            field_name=signed.field_name,
            document_sha256_before=hashlib.sha256(pdf).hexdigest(),
            document_sha256_after=hashlib.sha256(signed.data).hexdigest(),
            document_size_after=len(signed.data),
            page=page,
            box=list(target.as_tuple()),
            signer_name=name,
            signer_title=signer_title,
            reason=reason,
            location=location,
        )
        audit_record(
            actor=actor,
            action="signing.pdf_sign",
            obj=event,
            agency_code=locked.owner_agency.identifier_code if locked.owner_agency else "",
            after={
                "certificate": locked.fingerprint_sha256,
                "field_name": event.field_name,
                "document_sha256_before": event.document_sha256_before,
                "document_sha256_after": event.document_sha256_after,
            },
            reason=reason,
        )
    return signed.data


class _Signed:
    def __init__(self, field_name: str, data: bytes) -> None:
        self.field_name = field_name
        self.data = data


def _sign(
    *,
    pdf: bytes,
    certificate: Certificate,
    secret: str,
    page: int,
    widget: Box,
    appearance: bytes,
    name: str,
    reason: str,
    location: str,
) -> _Signed:
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    from cqdt.signing.appearance import stamp_style

    cert = certs.from_der(certificate.certificate_der)
    chain = keys.chain_certificates(certificate)
    checked = trust.chain_check(cert, extra_certs=chain)
    if checked.revoked:
        raise ValidationError(checked.problem)
    trusted = checked.trusted
    field_name = f"CQDT-{uuid.uuid4().hex[:16]}"
    metadata: dict[str, Any] = {
        "field_name": field_name,
        "subfilter": fields.SigSeedSubFilter.PADES,
        "md_algorithm": "sha256",
        "name": name,
        "reason": reason or None,
        "location": location or None,
        "signer_key_usage": _key_usages(cert),
    }
    if trusted:
        # Embeds the chain (and local CRLs) in the DSS; nothing is fetched.
        metadata |= {"embed_validation_info": True, "validation_context": trust.validation_context()}
    with keys.open_signer(certificate, secret) as signer:
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(**metadata),
            signer=signer,
            stamp_style=stamp_style(appearance),
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=field_name,
                on_page=page - 1,
                # pyHanko annotates the box as ints but writes any real number into the /Rect.
                box=widget.as_tuple(),  # type: ignore[arg-type]
            ),
        )
        try:
            output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True))
        except SigningError as error:
            log.warning("signing.sign_failed", error=str(error)[:200])
            raise ValidationError(
                "Không ký được tài liệu: chứng thư số hoặc khóa không dùng được để ký."
            ) from None
        except PKCS11Error as error:
            log.warning("signing.sign_failed", error=type(error).__name__)
            raise ValidationError("Không ký được tài liệu bằng khóa trên thiết bị ký số.") from None
    return _Signed(field_name, output.getvalue())
