"""Background work of the documents app: PDF text for search, deadline reminders for handlers."""

from datetime import timedelta

from cqdt.core.background import periodic_task, retrying_task
from cqdt.documents.services import documents_text_extract, incoming_send_deadline_reminders


@retrying_task()
def extract_pdf_text(kind: str, pk: int) -> bool:
    """`kind` is "incoming" (an IncomingFile) or "outgoing" (an OutgoingVersion); idempotent."""
    return documents_text_extract(kind=kind, pk=pk)


@periodic_task(every=timedelta(hours=1))
def send_deadline_reminders() -> int:
    return incoming_send_deadline_reminders()
