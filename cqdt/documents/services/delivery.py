"""Electronic delivery inside the province: an issued document becomes an incoming document of each
recipient agency; a recall or a replacement reaches every live copy."""

from typing import Any

from django.utils import timezone

from cqdt.documents.files import PDF
from cqdt.documents.models import (
    IncomingDocument,
    IncomingFile,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingVersion,
)
from cqdt.documents.numbering import format_number
from cqdt.documents.services._common import (
    enqueue_text_extraction,
    incoming_search_text,
    record_incoming,
    user_or_none,
)
from cqdt.documents.status import INCOMING_LIVE, Channel, IncomingAction, IncomingStatus


def incoming_deliver(
    *, actor: Any, recipient: OutgoingRecipient, version: OutgoingVersion
) -> IncomingDocument:
    """Create the recipient's copy (status "chờ vào sổ"); call inside the issuing transaction.

    The copy points to the same stored file as the issued version: stored files are never changed or
    deleted, and a recall hides the copy rather than removing the file.
    """
    source: OutgoingDocument = recipient.document
    if source.issued_on is None or source.number is None:
        raise ValueError("Only an issued document is delivered.")
    at = timezone.now()
    copy = IncomingDocument.objects.create(
        agency=recipient.agency,
        status=IncomingStatus.RECEIVED,
        channel=Channel.ELECTRONIC,
        arrived_at=at,
        issuer_name=source.agency.name,
        issuer=source.agency,
        number=format_number(source.number),
        notation=source.notation,
        issued_on=source.issued_on,
        document_type=source.document_type,
        summary=source.summary,
        urgency=source.urgency,
        confidentiality=source.confidentiality,
        signer_name=source.signer_name,
        page_count=source.page_count or version.page_count,
    )
    stored = IncomingFile(
        document=copy,
        is_main=True,
        original_name=version.original_name,
        content_type=version.content_type,
        size=version.size,
        sha256=version.sha256,
        page_count=version.page_count,
        text=version.text,
        text_extracted_at=version.text_extracted_at,
        uploaded_by=user_or_none(actor),
    )
    stored.file.name = version.file.name
    stored.save()
    if version.text_extracted_at is None and version.content_type == PDF:
        enqueue_text_extraction("incoming", stored.pk)
    copy.search_text = incoming_search_text(copy)
    copy.save(update_fields=["search_text"])
    recipient.incoming = copy
    recipient.sent_at = at
    recipient.save(update_fields=["incoming", "sent_at"])
    record_incoming(
        copy,
        actor=actor,
        action=IncomingAction.DELIVER,
        from_status="",
        at=at,
        note=f"Nhận từ {source.agency.name}: {source.number_notation}.",
    )
    return copy


def incoming_withdraw_copies(
    *,
    actor: Any,
    source: OutgoingDocument,
    action: str,
    reason: str,
    replacement: OutgoingDocument | None = None,
) -> int:
    """Mark every live copy of `source` recalled (or replaced, pointing to the recipient's copy of the
    replacement when it received one); returns how many copies changed."""
    at = timezone.now()
    new_copies: dict[int, IncomingDocument] = {}
    if replacement is not None:
        new_copies = {
            r.agency_id: r.incoming
            for r in replacement.recipients.select_related("incoming").filter(incoming__isnull=False)
            if r.incoming is not None
        }
    target = IncomingStatus.REPLACED if action == IncomingAction.REPLACE else IncomingStatus.RECALLED
    copies = (
        IncomingDocument.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(delivery__document=source, status__in=INCOMING_LIVE)
        .order_by("pk")
    )
    changed = 0
    for copy in copies:
        from_status = copy.status
        copy.status = target
        copy.replaced_by = new_copies.get(copy.agency_id)
        copy.save(update_fields=["status", "replaced_by", "updated_at"])
        record_incoming(copy, actor=actor, action=action, from_status=from_status, at=at, note=reason)
        changed += 1
    return changed
