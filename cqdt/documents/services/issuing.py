"""Signature, numbering and issue by the clerk, distribution inside the province, recall and replacement."""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cqdt.agencies.models import Agency
from cqdt.documents import access
from cqdt.documents.files import MAIN_TYPES, PDF, check_content, check_upload
from cqdt.documents.files import Upload as UploadFile
from cqdt.documents.models import (
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingVersion,
    Register,
    VersionKind,
)
from cqdt.documents.numbering import legal_date, next_number, outgoing_notation
from cqdt.documents.services._common import (
    lock_outgoing,
    now,
    outgoing_search_text,
    record_outgoing,
    store_version,
)
from cqdt.documents.services.delivery import incoming_deliver, incoming_withdraw_copies
from cqdt.documents.services.outgoing import recipient_agencies
from cqdt.documents.services.registers import check_outgoing_register, register_for_outgoing
from cqdt.documents.status import (
    IncomingAction,
    OutgoingAction,
    SignatureKind,
    next_outgoing_status,
)

SIGN_REASON = "Phê duyệt ban hành văn bản"
# Where the signer's block usually is: the lower right of the last page, in PDF points (x1, y1, x2, y2).
DEFAULT_SIGNATURE_BOX = (330.0, 120.0, 530.0, 210.0)


def _latest(document: OutgoingDocument) -> OutgoingVersion:
    version = document.versions.order_by("-number").first()
    if version is None:
        raise ValidationError("Văn bản chưa có tệp nội dung.")
    return version


def _read_verified(version: OutgoingVersion) -> bytes:
    """The stored bytes of a version, refused if they no longer match the SHA-256 recorded at upload."""
    with version.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != version.sha256:
        raise ValidationError(
            f"Tệp phiên bản {version.number} không còn khớp mã băm SHA-256 đã ghi nhận; không thể ký."
        )
    return content


def _pdf_sign(**arguments: Any) -> bytes:
    # The seam to the signing app: PAdES with a visible signature, keys and certificates are its business.
    from cqdt.signing.services import pdf_sign

    signed: bytes = pdf_sign(**arguments)
    return signed


def _place(agency: Agency) -> str:
    unit = agency.administrative_unit
    return unit.name if unit is not None else agency.name


@transaction.atomic
def outgoing_sign(
    *,
    actor: Any,
    document: OutgoingDocument,
    certificate: Any,
    secret: str,
    page: int,
    box: tuple[float, float, float, float],
    reason: str = SIGN_REASON,
) -> OutgoingDocument:
    """The approving leader signs the approved PDF digitally; the signed bytes become a new version."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.SIGN, document)
    from_status = document.status
    status = next_outgoing_status(OutgoingAction.SIGN, from_status)
    approved = _latest(document)
    if approved.content_type != PDF:
        raise ValidationError("Chỉ ký số được tệp PDF đã duyệt.")
    signed = _pdf_sign(
        actor=actor,
        pdf=_read_verified(approved),
        certificate=certificate,
        secret=secret,
        page=page,
        box=box,
        signer_name=document.signer_name,
        signer_title=document.signer_title,
        reason=reason,
        location=_place(document.agency),
    )
    checked = check_content(
        f"{approved.original_name.rsplit('.', 1)[0]}-da-ky.pdf", signed, allowed=MAIN_TYPES
    )
    version = store_version(document, checked, kind=VersionKind.SIGNED, actor=actor)
    document.status = status
    document.signature_kind = SignatureKind.DIGITAL
    document.signed_at = now()
    document.save(update_fields=["status", "signature_kind", "signed_at", "updated_at"])
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.SIGN,
        from_status=from_status,
        at=document.signed_at,
        version_number=version.number,
        after={"sha256": version.sha256, "signed_from": approved.number},
    )
    return document


@transaction.atomic
def outgoing_record_paper_signature(
    *, actor: Any, document: OutgoingDocument, upload: UploadFile, note: str = ""
) -> OutgoingDocument:
    """The leader signed on paper: the clerk stores the scan (PDF) of the signed original as a new version."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.RECORD_PAPER_SIGNATURE, document)
    from_status = document.status
    status = next_outgoing_status(OutgoingAction.RECORD_PAPER_SIGNATURE, from_status)
    version = store_version(
        document,
        check_upload(upload, allowed=MAIN_TYPES),
        kind=VersionKind.PAPER_SCAN,
        actor=actor,
        note=note,
    )
    document.status = status
    document.signature_kind = SignatureKind.PAPER
    document.signed_at = now()
    document.page_count = version.page_count
    document.save(update_fields=["status", "signature_kind", "signed_at", "page_count", "updated_at"])
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.RECORD_PAPER_SIGNATURE,
        from_status=from_status,
        at=document.signed_at,
        note=note.strip(),
        version_number=version.number,
        after={"sha256": version.sha256},
    )
    return document


def _deliver(actor: Any, document: OutgoingDocument) -> list[str]:
    pending = list(document.recipients.select_related("agency").filter(sent_at__isnull=True).order_by("pk"))
    if not pending:
        return []
    version = _latest(document)
    names = []
    for recipient in pending:
        recipient.document = document
        incoming_deliver(actor=actor, recipient=recipient, version=version)
        names.append(recipient.agency.name)
    return names


@transaction.atomic
def outgoing_issue(
    *, actor: Any, document: OutgoingDocument, register: Register | None = None
) -> OutgoingDocument:
    """The clerk gives the signed document the register's next number of the year, dates it, registers it
    and sends it to its recipients in the province; a replacement withdraws the document it replaces."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.ISSUE, document)
    from_status = document.status
    status = next_outgoing_status(OutgoingAction.ISSUE, from_status)
    if register is None:
        register = register_for_outgoing(agency=document.agency, document_type=document.document_type)
    else:
        check_outgoing_register(register, agency=document.agency, document_type=document.document_type)
    notation = outgoing_notation(
        document_type=document.document_type,
        issuer_abbreviation=register.issuer_abbreviation,
        drafting_unit_abbreviation=document.drafting_unit_abbreviation,
    )
    replaced = lock_outgoing(document.replaces) if document.replaces is not None else None
    at = now()
    document.status = status
    document.register = register
    document.issued_on = legal_date(at)
    document.year = document.issued_on.year
    document.number = next_number(register=register, year=document.year)
    document.notation = notation
    document.issued_at = at
    document.issued_by = actor
    document.search_text = outgoing_search_text(document)
    document.save(
        update_fields=[
            "status",
            "register",
            "issued_on",
            "year",
            "number",
            "notation",
            "issued_at",
            "issued_by",
            "search_text",
            "updated_at",
        ]
    )
    sent_to = _deliver(actor, document)
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.ISSUE,
        from_status=from_status,
        at=at,
        note=f"Gửi: {'; '.join(sent_to)}." if sent_to else "",
        after={
            "number": document.number,
            "notation": notation,
            "register": register.pk,
            "year": document.year,
        },
    )
    if replaced is not None:
        _replace(actor, replaced, document)
    return document


def _replace(actor: Any, replaced: OutgoingDocument, replacement: OutgoingDocument) -> None:
    from_status = replaced.status
    replaced.status = next_outgoing_status(OutgoingAction.REPLACE, from_status)
    replaced.save(update_fields=["status", "updated_at"])
    note = f"Được thay thế bởi văn bản số {replacement.number_notation}."
    record_outgoing(
        replaced, actor=actor, action=OutgoingAction.REPLACE, from_status=from_status, at=now(), note=note
    )
    incoming_withdraw_copies(
        actor=actor, source=replaced, action=IncomingAction.REPLACE, reason=note, replacement=replacement
    )


@transaction.atomic
def outgoing_distribute(
    *, actor: Any, document: OutgoingDocument, recipients: Iterable[Agency]
) -> OutgoingDocument:
    """Send an issued document to more agencies of the province (each gets its own incoming copy)."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.DISTRIBUTE, document)
    next_outgoing_status(OutgoingAction.DISTRIBUTE, document.status)
    agencies = recipient_agencies(sender=document.agency, entries=recipients)
    already = set(document.recipients.values_list("agency_id", flat=True))
    new = [agency for agency in agencies if agency.pk not in already]
    if not new:
        raise ValidationError({"recipients": "Các cơ quan được chọn đã nhận văn bản này."})
    OutgoingRecipient.objects.bulk_create(
        OutgoingRecipient(document=document, agency=agency) for agency in new
    )
    sent_to = _deliver(actor, document)
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.DISTRIBUTE,
        from_status=document.status,
        at=now(),
        note=f"Gửi: {'; '.join(sent_to)}.",
        after={"recipients": [agency.pk for agency in new]},
    )
    return document


@transaction.atomic
def outgoing_recall(*, actor: Any, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Recall an issued document: every recipient's copy is withdrawn from its handling (thu hồi)."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.RECALL, document)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Cần nêu lý do thu hồi văn bản."})
    from_status = document.status
    document.status = next_outgoing_status(OutgoingAction.RECALL, from_status)
    document.recalled_at = now()
    document.recall_reason = reason
    document.save(update_fields=["status", "recalled_at", "recall_reason", "updated_at"])
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.RECALL,
        from_status=from_status,
        at=document.recalled_at,
        note=reason,
    )
    incoming_withdraw_copies(actor=actor, source=document, action=IncomingAction.RECALL, reason=reason)
    return document
