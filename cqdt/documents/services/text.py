"""Text of the PDFs for full-text search, extracted by a task after each upload."""

from django.db import transaction
from django.utils import timezone

from cqdt.documents.files import PDF, pdf_text
from cqdt.documents.models import IncomingDocument, IncomingFile, OutgoingDocument, OutgoingVersion
from cqdt.documents.services._common import incoming_search_text, outgoing_search_text

KINDS = ("incoming", "outgoing")


def _read(field_file: object) -> bytes:
    with field_file.open("rb") as handle:  # type: ignore[attr-defined]
        content: bytes = handle.read()
    return content


@transaction.atomic
def documents_text_extract(*, kind: str, pk: int) -> bool:
    """Extract the text of one stored PDF and refresh its document's search text; False when there was
    nothing to do (already extracted, not a PDF, row gone). Safe to run twice."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}")
    model = IncomingFile if kind == "incoming" else OutgoingVersion
    stored = model.objects.select_for_update().filter(pk=pk).first()
    if stored is None or stored.text_extracted_at is not None or stored.content_type != PDF:
        return False
    stored.text = pdf_text(_read(stored.file))
    stored.text_extracted_at = timezone.now()
    stored.save(update_fields=["text", "text_extracted_at"])
    if isinstance(stored, IncomingFile):
        incoming = (
            IncomingDocument.objects.select_for_update(of=("self",))
            .select_related("document_type")
            .get(pk=stored.document_id)
        )
        incoming.search_text = incoming_search_text(incoming)
        incoming.save(update_fields=["search_text"])
    else:
        outgoing = (
            OutgoingDocument.objects.select_for_update(of=("self",))
            .select_related("document_type", "drafting_unit")
            .get(pk=stored.document_id)
        )
        outgoing.search_text = outgoing_search_text(outgoing)
        outgoing.save(update_fields=["search_text"])
    return True
