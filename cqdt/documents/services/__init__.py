"""Every write of the documents app (QLVB-ĐH)."""

from cqdt.documents.services.delivery import incoming_deliver, incoming_withdraw_copies
from cqdt.documents.services.incoming import (
    Handling,
    IncomingMetadata,
    incoming_add_note,
    incoming_assign_handler,
    incoming_complete,
    incoming_direct,
    incoming_register,
    incoming_register_received,
    incoming_return,
)
from cqdt.documents.services.issuing import (
    outgoing_distribute,
    outgoing_issue,
    outgoing_recall,
    outgoing_record_paper_signature,
    outgoing_sign,
)
from cqdt.documents.services.outgoing import (
    OutgoingDraft,
    outgoing_add_version,
    outgoing_approve,
    outgoing_create,
    outgoing_forward,
    outgoing_send_back,
    outgoing_submit,
)
from cqdt.documents.services.registers import register_create, register_default, register_update
from cqdt.documents.services.reminders import incoming_send_deadline_reminders
from cqdt.documents.services.text import documents_text_extract

__all__ = [
    "Handling",
    "IncomingMetadata",
    "OutgoingDraft",
    "documents_text_extract",
    "incoming_add_note",
    "incoming_assign_handler",
    "incoming_complete",
    "incoming_deliver",
    "incoming_direct",
    "incoming_register",
    "incoming_register_received",
    "incoming_return",
    "incoming_send_deadline_reminders",
    "incoming_withdraw_copies",
    "outgoing_add_version",
    "outgoing_approve",
    "outgoing_create",
    "outgoing_distribute",
    "outgoing_forward",
    "outgoing_issue",
    "outgoing_recall",
    "outgoing_record_paper_signature",
    "outgoing_send_back",
    "outgoing_sign",
    "outgoing_submit",
    "register_create",
    "register_default",
    "register_update",
]
