"""Phiếu giải quyết văn bản đến as PDF, from a document loaded by `selectors.incoming_detail`."""

from datetime import datetime
from pathlib import Path
from typing import Any

from cqdt.core.pdf import render_pdf
from cqdt.documents.models import IncomingDocument
from cqdt.documents.numbering import legal_date
from cqdt.documents.printing.registers import type_and_summary
from cqdt.documents.status import HandlerRole, IncomingAction, Urgency

TEMPLATE = Path(__file__).resolve().parent / "templates" / "handling_slip.typ"


def _day(value: datetime | None) -> str:
    return legal_date(value).strftime("%d/%m/%Y") if value else ""


def _name(user: Any) -> str:
    return (user.full_name or user.get_username()) if user is not None else ""


def slip_data(document: IncomingDocument) -> dict[str, Any]:
    """Everything the slip prints; reads only rows the detail selector prefetched."""
    handlers = list(document.handlers.all())
    history = list(document.history.all())
    lead = next((h for h in handlers if h.role == HandlerRole.LEAD), None)
    agency = document.agency
    return {
        "agency": agency.name,
        "parent": agency.parent.name if agency.parent else "",
        "document": {
            "arrival_number": str(document.arrival_number or ""),
            "arrived_on": _day(document.arrived_at),
            "number_notation": document.number_notation,
            "issued_on": document.issued_on.strftime("%d/%m/%Y"),
            "issuer": document.issuer_name,
            "summary": type_and_summary(document.document_type.name, document.summary),
            "urgency": Urgency(document.urgency).label if document.urgency != Urgency.NORMAL else "",
        },
        "leader": {
            "note": document.direction_note,
            "lead": str(lead.user or lead.unit) if lead else "",
            "co": [str(h.user or h.unit) for h in handlers if h.role == HandlerRole.CO],
            "deadline": document.deadline.strftime("%d/%m/%Y") if document.deadline else "",
            "date": f"Ngày {_day(document.directed_at)}" if document.directed_at else "",
            "name": _name(document.directed_by),
        },
        "units": [
            {
                "unit": h.unit.name if h.unit else "",
                "person": _name(h.user),
                "role": h.get_role_display().lower(),
                "date": _day(h.assigned_at),
                "by": _name(h.assigned_by),
            }
            for h in handlers
            if h.unit is not None and h.user is not None
        ],
        "proposals": [
            {"at": _day(entry.at), "by": _name(entry.actor), "text": entry.note}
            for entry in history
            if entry.action == IncomingAction.NOTE
        ],
        "result": {
            "text": document.result_note,
            "date": _day(document.completed_at),
            "by": _name(document.completed_by),
        },
    }


def handling_slip_pdf(document: IncomingDocument) -> bytes:
    return render_pdf(TEMPLATE, slip_data(document))
