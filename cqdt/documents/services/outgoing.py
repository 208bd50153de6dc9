"""Outgoing documents from the draft to the competent leader's approval; every upload is a new version."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from cqdt.accounts.models import StaffAssignment
from cqdt.agencies.models import Agency
from cqdt.documents import access
from cqdt.documents.files import DRAFT_TYPES, PDF, check_upload
from cqdt.documents.files import Upload as UploadFile
from cqdt.documents.models import (
    DocumentType,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    VersionKind,
)
from cqdt.documents.numbering import check_abbreviation, default_abbreviation
from cqdt.documents.services._common import (
    lock_outgoing,
    now,
    outgoing_search_text,
    record_outgoing,
    store_version,
)
from cqdt.documents.status import (
    Confidentiality,
    OutgoingAction,
    OutgoingStatus,
    Urgency,
    next_outgoing_status,
    refuse_secret,
)


@dataclass(frozen=True)
class OutgoingDraft:
    drafting_unit: Agency
    document_type: DocumentType
    summary: str
    urgency: str = Urgency.NORMAL
    confidentiality: str = Confidentiality.NORMAL
    recipients_text: str = ""
    internal_recipients: Sequence[Agency] = ()
    copies: int = 1
    file_keeper: str = ""
    drafting_unit_abbreviation: str | None = None
    replaces: OutgoingDocument | None = None
    reply_to: IncomingDocument | None = None


def recipient_agencies(*, sender: Agency, entries: Iterable[Agency]) -> list[Agency]:
    """The agencies that receive the document: each unit counts for its agency; the sender is refused."""
    entries = list(entries)
    inactive = [entry.name for entry in entries if entry.valid_to is not None]
    if inactive:
        raise ValidationError(
            {"internal_recipients": f"Cơ quan, đơn vị đã ngừng hoạt động: {', '.join(inactive)}."}
        )
    mapping = access.agency_map(entries)
    ids = list(dict.fromkeys(mapping[entry.pk] for entry in entries))
    if sender.pk in ids:
        raise ValidationError(
            {"internal_recipients": "Không gửi văn bản cho chính cơ quan ban hành; bản lưu do văn thư giữ."}
        )
    agencies = {agency.pk: agency for agency in Agency.objects.filter(pk__in=ids)}
    return [agencies[pk] for pk in ids]


def _check_draft(draft: OutgoingDraft, agency: Agency, actor: Any) -> None:
    errors: dict[str, list[str]] = {}
    if not draft.summary.strip():
        errors["summary"] = ["Cần nhập trích yếu nội dung."]
    if draft.urgency not in Urgency.values:
        errors["urgency"] = ["Độ khẩn không hợp lệ."]
    if not draft.document_type.is_active:
        errors["document_type"] = ["Loại văn bản này không còn sử dụng."]
    if draft.copies < 1:
        errors["copies"] = ["Số lượng bản phải lớn hơn 0."]
    replaced = draft.replaces
    if replaced is not None and (replaced.agency_id != agency.pk or replaced.status != OutgoingStatus.ISSUED):
        errors["replaces"] = ["Chỉ thay thế được văn bản đã phát hành của chính cơ quan."]
    reply_to = draft.reply_to
    if reply_to is not None and (
        reply_to.agency_id != agency.pk
        or not access.incoming_visible_to(actor).filter(pk=reply_to.pk).exists()
    ):
        errors["reply_to"] = ["Văn bản đến được trả lời không thuộc cơ quan hoặc bạn không được xem."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def outgoing_create(
    *, actor: Any, draft: OutgoingDraft, upload: UploadFile, note: str = ""
) -> OutgoingDocument:
    """A new draft in the actor's unit, with its first version (PDF or DOCX)."""
    if draft.drafting_unit.pk not in access.roles_of(actor).drafting_units:
        raise PermissionDenied(
            "Chỉ chuyên viên, lãnh đạo phòng của đơn vị được soạn thảo văn bản của đơn vị."
        )
    refuse_secret(draft.confidentiality)
    agency = access.document_agency(draft.drafting_unit)
    _check_draft(draft, agency, actor)
    abbreviation = draft.drafting_unit_abbreviation
    if abbreviation is None:
        abbreviation = default_abbreviation(draft.drafting_unit)
    check_abbreviation(abbreviation.strip(), field="drafting_unit_abbreviation")
    recipients = recipient_agencies(sender=agency, entries=draft.internal_recipients)
    checked = check_upload(upload, allowed=DRAFT_TYPES)
    document = OutgoingDocument.objects.create(
        agency=agency,
        status=OutgoingStatus.DRAFT,
        drafting_unit=draft.drafting_unit,
        drafting_unit_abbreviation=abbreviation.strip(),
        document_type=draft.document_type,
        summary=draft.summary.strip(),
        urgency=draft.urgency,
        confidentiality=draft.confidentiality,
        recipients_text=draft.recipients_text.strip(),
        copies=draft.copies,
        file_keeper=draft.file_keeper.strip() or draft.drafting_unit.name,
        created_by=actor,
        replaces=draft.replaces,
        reply_to=draft.reply_to,
    )
    OutgoingRecipient.objects.bulk_create(OutgoingRecipient(document=document, agency=a) for a in recipients)
    version = store_version(document, checked, kind=VersionKind.DRAFT, actor=actor, note=note)
    document.page_count = version.page_count
    document.search_text = outgoing_search_text(document)
    document.save(update_fields=["page_count", "search_text"])
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.CREATE,
        from_status="",
        at=now(),
        note=note.strip(),
        version_number=version.number,
        after={"sha256": version.sha256, "recipients": [a.pk for a in recipients]},
    )
    return document


@transaction.atomic
def outgoing_add_version(
    *, actor: Any, document: OutgoingDocument, upload: UploadFile, note: str = ""
) -> OutgoingDocument:
    """Store a new version of the draft; earlier versions stay as they were."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.ADD_VERSION, document)
    next_outgoing_status(OutgoingAction.ADD_VERSION, document.status)
    version = store_version(
        document, check_upload(upload, allowed=DRAFT_TYPES), kind=VersionKind.DRAFT, actor=actor, note=note
    )
    document.page_count = version.page_count
    document.search_text = outgoing_search_text(document)
    document.save(update_fields=["page_count", "search_text", "updated_at"])
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.ADD_VERSION,
        from_status=document.status,
        at=now(),
        note=note.strip(),
        version_number=version.number,
        after={"sha256": version.sha256},
    )
    return document


def _check_approver(document: OutgoingDocument, approver: Any) -> None:
    if approver is None or document.agency_id not in access.roles_of(approver).leader_of:
        raise ValidationError({"approver": f"Người duyệt phải là lãnh đạo của {document.agency.name}."})


def _section_has_head(unit: Agency) -> bool:
    return access.assignments_in_force().filter(unit=unit, role=access.SECTION_HEAD).exists()


def _to_approval(document: OutgoingDocument, *, actor: Any, approver: Any, note: str) -> None:
    _check_approver(document, approver)
    from_status = document.status
    document.status = next_outgoing_status(OutgoingAction.FORWARD, from_status)
    document.reviewer = actor
    document.approver = approver
    document.save(update_fields=["status", "reviewer", "approver", "updated_at"])
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.FORWARD,
        from_status=from_status,
        at=now(),
        note=note,
        after={"approver": approver.pk},
    )


@transaction.atomic
def outgoing_submit(
    *, actor: Any, document: OutgoingDocument, approver: Any = None, note: str = ""
) -> OutgoingDocument:
    """The drafter submits the draft to the unit's leader; a drafter who is that leader (or a unit without
    one) submits straight to the competent leader named in `approver`."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.SUBMIT, document)
    from_status = document.status
    document.status = next_outgoing_status(OutgoingAction.SUBMIT, from_status)
    reviews_itself = access.is_section_head(actor, document.drafting_unit) or not _section_has_head(
        document.drafting_unit
    )
    if reviews_itself:
        _check_approver(document, approver)
    document.save(update_fields=["status", "updated_at"])
    record_outgoing(
        document, actor=actor, action=OutgoingAction.SUBMIT, from_status=from_status, at=now(), note=note
    )
    if reviews_itself:
        _to_approval(document, actor=actor, approver=approver, note="")
    return document


@transaction.atomic
def outgoing_forward(
    *, actor: Any, document: OutgoingDocument, approver: Any, note: str = ""
) -> OutgoingDocument:
    """The unit's leader has reviewed the draft and submits it to the competent leader (trình ký)."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.FORWARD, document)
    _to_approval(document, actor=actor, approver=approver, note=note.strip())
    return document


@transaction.atomic
def outgoing_send_back(*, actor: Any, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """Return the draft to its drafter for changes, with the reason."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.SEND_BACK, document)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Cần nêu nội dung cần chỉnh sửa."})
    from_status = document.status
    document.status = next_outgoing_status(OutgoingAction.SEND_BACK, from_status)
    document.approved_at = None
    document.save(update_fields=["status", "approved_at", "updated_at"])
    record_outgoing(
        document, actor=actor, action=OutgoingAction.SEND_BACK, from_status=from_status, at=now(), note=reason
    )
    return document


def signer_title(user: Any, agency: Agency) -> str:
    units = [unit.pk for unit in access.agency_units(agency)]
    title = (
        StaffAssignment.objects.filter(user=user, role=access.LEADER, unit_id__in=units)
        .exclude(position_title="")
        .values_list("position_title", flat=True)
        .first()
    )
    return title or ""


@transaction.atomic
def outgoing_approve(*, actor: Any, document: OutgoingDocument, note: str = "") -> OutgoingDocument:
    """The competent leader approves the latest version, which must be a PDF: that is what gets signed."""
    document = lock_outgoing(document)
    access.require_outgoing(actor, OutgoingAction.APPROVE, document)
    from_status = document.status
    document.status = next_outgoing_status(OutgoingAction.APPROVE, from_status)
    latest = document.versions.order_by("-number").first()
    if latest is None or latest.content_type != PDF:
        raise ValidationError("Bản trình duyệt phải là tệp PDF; đề nghị người soạn thảo cập nhật bản PDF.")
    document.approved_at = now()
    document.signer_name = actor.full_name or actor.get_username()
    document.signer_title = signer_title(actor, document.agency)
    document.search_text = outgoing_search_text(document)
    document.save(
        update_fields=["status", "approved_at", "signer_name", "signer_title", "search_text", "updated_at"]
    )
    record_outgoing(
        document,
        actor=actor,
        action=OutgoingAction.APPROVE,
        from_status=from_status,
        at=document.approved_at,
        note=note.strip(),
        version_number=latest.number,
        after={"sha256": latest.sha256},
    )
    return document
