"""The documents API's output: dictionaries shaped like the schemas, from documents loaded by selectors."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from cqdt.documents import access
from cqdt.documents.models import IncomingDocument, OutgoingDocument, Register
from cqdt.documents.statistics import DocumentStatistics
from cqdt.documents.status import HandlerRole


def url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    return reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs)


def _name(user: Any) -> str:
    return (user.full_name or user.get_username()) if user is not None else ""


def _named(obj: Any) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {"id": obj.public_id, "name": obj.name if hasattr(obj, "path") else _name(obj)}


def _history(entries: Any) -> list[dict[str, Any]]:
    return [
        {
            "at": entry.at,
            "action": entry.action,
            "action_label": entry.get_action_display(),
            "actor": _name(entry.actor) or "hệ thống",
            "from_status": entry.from_status,
            "to_status": entry.to_status,
            "note": entry.note,
        }
        for entry in entries
    ]


def incoming_item(document: IncomingDocument) -> dict[str, Any]:
    """One list row (needs document_type, agency and the handlers prefetched)."""
    lead = next((h for h in document.handlers.all() if h.role == HandlerRole.LEAD), None)
    return {
        "id": document.public_id,
        "agency": document.agency.name,
        "status": document.status,
        "status_label": document.get_status_display(),
        "channel": document.channel,
        "year": document.year,
        "arrival_number": document.arrival_number,
        "arrived_at": document.arrived_at,
        "issuer_name": document.issuer_name,
        "number_notation": document.number_notation,
        "issued_on": document.issued_on,
        "document_type": document.document_type.code,
        "summary": document.summary,
        "urgency": document.urgency,
        "urgency_label": document.get_urgency_display(),
        "deadline": document.deadline,
        "lead": str(lead.user or lead.unit) if lead else "",
    }


def incoming_detail(request: HttpRequest, document: IncomingDocument) -> dict[str, Any]:
    delivery = getattr(document, "delivery", None)
    source = ""
    if delivery is not None:
        source = f"{delivery.document.number_notation} — {document.issuer_name}"
    return {
        **incoming_item(document),
        "signer_name": document.signer_name,
        "page_count": document.page_count,
        "registered_at": document.registered_at,
        "direction_note": document.direction_note,
        "directed_at": document.directed_at,
        "completed_at": document.completed_at,
        "completed_late": document.completed_late,
        "result_note": document.result_note,
        "source": source,
        "files": [
            {
                "id": stored.public_id,
                "name": stored.original_name,
                "is_main": stored.is_main,
                "content_type": stored.content_type,
                "size": stored.size,
                "sha256": stored.sha256,
                "page_count": stored.page_count,
                "url": url(
                    request, "documents_incoming_file", public_id=document.public_id, file_id=stored.public_id
                ),
            }
            for stored in document.files.all()
        ],
        "handlers": [
            {"id": h.pk, "role": h.role, "unit": _named(h.unit), "user": _named(h.user)}
            for h in document.handlers.all()
        ],
        "history": _history(document.history.all()),
        "actions": access.incoming_actions(request.user, document),
        "slip_url": url(request, "documents_incoming_slip", public_id=document.public_id),
    }


def outgoing_item(document: OutgoingDocument) -> dict[str, Any]:
    return {
        "id": document.public_id,
        "agency": document.agency.name,
        "status": document.status,
        "status_label": document.get_status_display(),
        "number_notation": document.number_notation,
        "issued_on": document.issued_on,
        "document_type": document.document_type.code,
        "summary": document.summary,
        "urgency": document.urgency,
        "urgency_label": document.get_urgency_display(),
        "drafting_unit": document.drafting_unit.name,
        "created_by": _name(document.created_by),
        "approver": _name(document.approver),
        "updated_at": document.updated_at,
    }


def outgoing_detail(request: HttpRequest, document: OutgoingDocument) -> dict[str, Any]:
    return {
        **outgoing_item(document),
        "recipients_text": document.recipients_text,
        "file_keeper": document.file_keeper,
        "copies": document.copies,
        "signer_name": document.signer_name,
        "signer_title": document.signer_title,
        "signature_kind": document.signature_kind,
        "register_name": document.register.name if document.register else "",
        "recall_reason": document.recall_reason,
        "versions": [
            {
                "number": v.number,
                "kind": v.kind,
                "name": v.original_name,
                "content_type": v.content_type,
                "size": v.size,
                "sha256": v.sha256,
                "page_count": v.page_count,
                "note": v.note,
                "created_at": v.created_at,
                "created_by": _name(v.created_by),
                "url": url(
                    request, "documents_outgoing_version", public_id=document.public_id, number=v.number
                ),
            }
            for v in document.versions.all()
        ],
        "recipients": [
            {
                "agency": _named(r.agency),
                "sent_at": r.sent_at,
                "status": r.incoming.status if r.incoming else "",
            }
            for r in document.recipients.all()
        ],
        "history": _history(document.history.all()),
        "actions": access.outgoing_actions(request.user, document),
    }


def register_out(register: Register, years: list[int]) -> dict[str, Any]:
    return {
        "id": register.public_id,
        "agency": _named(register.agency),
        "direction": register.direction,
        "name": register.name,
        "issuer_abbreviation": register.issuer_abbreviation,
        "document_types": [t.code for t in register.document_types.all()],
        "is_active": register.is_active,
        "years": years,
    }


def statistics_out(stats: DocumentStatistics) -> dict[str, Any]:
    return {
        "agency": _named(stats.agency),
        "start": stats.start,
        "end": stats.end,
        "incoming": stats.incoming,
        "incoming_electronic": stats.incoming_electronic,
        "electronic_share": stats.electronic_share,
        "outgoing": stats.outgoing,
        "outgoing_signed_digitally": stats.outgoing_signed_digitally,
        "signed_share": stats.signed_share,
        "completed_on_time": stats.completed_on_time,
        "completed_late": stats.completed_late,
        "open_in_time": stats.open_in_time,
        "open_overdue": stats.open_overdue,
        "months": [{"month": m.month, "incoming": m.incoming, "outgoing": m.outgoing} for m in stats.months],
    }
