"""What every documents service shares: the clock, history and audit rows, stored files, search text."""

import uuid
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from cqdt.core.audit import audit_record
from cqdt.core.text import search_text
from cqdt.documents.files import PDF, CheckedFile
from cqdt.documents.models import (
    IncomingDocument,
    IncomingFile,
    IncomingHistory,
    OutgoingDocument,
    OutgoingHistory,
    OutgoingVersion,
)


def now() -> datetime:
    return timezone.now()


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def stored_name(checked: CheckedFile) -> str:
    """Files are stored under a random name; the original name is kept in the row."""
    return f"{uuid.uuid4().hex}.{checked.extension}"


def lock_incoming(document: IncomingDocument) -> IncomingDocument:
    return (
        IncomingDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "document_type")
        .get(pk=document.pk)
    )


def lock_outgoing(document: OutgoingDocument) -> OutgoingDocument:
    return (
        OutgoingDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "document_type", "drafting_unit")
        .get(pk=document.pk)
    )


def record_incoming(
    document: IncomingDocument,
    *,
    actor: Any,
    action: str,
    from_status: str,
    at: datetime,
    note: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> IncomingHistory:
    """One history row and one audit row for a change of an incoming document."""
    entry = IncomingHistory.objects.create(
        document=document,
        at=at,
        actor=user_or_none(actor),
        action=action,
        from_status=from_status,
        to_status=document.status,
        note=note,
    )
    audit_record(
        actor=actor,
        action=f"incoming.{action}",
        obj=document,
        agency_code=document.agency.identifier_code,
        before={"status": from_status, **(before or {})},
        after={"status": document.status, **(after or {})},
        reason=note,
    )
    return entry


def record_outgoing(
    document: OutgoingDocument,
    *,
    actor: Any,
    action: str,
    from_status: str,
    at: datetime,
    note: str = "",
    version_number: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> OutgoingHistory:
    entry = OutgoingHistory.objects.create(
        document=document,
        at=at,
        actor=user_or_none(actor),
        action=action,
        from_status=from_status,
        to_status=document.status,
        version_number=version_number,
        note=note,
    )
    audit_record(
        actor=actor,
        action=f"outgoing.{action}",
        obj=document,
        agency_code=document.agency.identifier_code,
        before={"status": from_status, **(before or {})},
        after={
            "status": document.status,
            **(after or {}),
            **({"version": version_number} if version_number else {}),
        },
        reason=note,
    )
    return entry


def enqueue_text_extraction(kind: str, pk: int) -> None:
    from cqdt.documents.tasks import extract_pdf_text  # the task module imports the services

    extract_pdf_text.enqueue(kind, pk)


def store_incoming_file(
    document: IncomingDocument, checked: CheckedFile, *, is_main: bool, actor: Any
) -> IncomingFile:
    stored = IncomingFile(
        document=document,
        is_main=is_main,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        page_count=checked.page_count,
        uploaded_by=user_or_none(actor),
    )
    stored.file.save(stored_name(checked), ContentFile(checked.content), save=False)
    stored.save()
    if checked.content_type == PDF:
        enqueue_text_extraction("incoming", stored.pk)
    return stored


def store_version(
    document: OutgoingDocument, checked: CheckedFile, *, kind: str, actor: Any, note: str = ""
) -> OutgoingVersion:
    """A new immutable version, numbered after the last one (the caller holds the document's lock)."""
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = OutgoingVersion(
        document=document,
        number=last + 1,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        page_count=checked.page_count,
        note=note.strip()[:500],
        created_by=user_or_none(actor),
    )
    version.file.save(stored_name(checked), ContentFile(checked.content), save=False)
    version.save()
    if checked.content_type == PDF:
        enqueue_text_extraction("outgoing", version.pk)
    return version


def incoming_search_text(document: IncomingDocument) -> str:
    texts = (
        IncomingFile.objects.filter(document=document)
        .order_by("-is_main", "id")
        .values_list("text", flat=True)
    )
    return search_text(
        document.number_notation,
        str(document.arrival_number or ""),
        document.issuer_name,
        document.document_type.name,
        document.summary,
        document.signer_name,
        *texts,
    )


def outgoing_search_text(document: OutgoingDocument) -> str:
    latest = document.versions.order_by("-number").values_list("text", flat=True).first()
    return search_text(
        document.number_notation,
        document.document_type.name,
        document.summary,
        document.signer_name,
        document.recipients_text,
        document.drafting_unit.name,
        latest,
    )
