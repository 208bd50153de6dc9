"""Full-text search: the PDF text is extracted by a task after upload and searched without accents."""

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from cqdt.documents import selectors, services
from cqdt.documents.models import IncomingDocument, IncomingFile, OutgoingVersion
from cqdt.documents.tasks import extract_pdf_text
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import draft, issued, metadata
from cqdt.documents.tests.helpers import pdf

pytestmark = pytest.mark.django_db

BODY = "Tổ chức Hội nghị tập huấn nghiệp vụ hòa giải ở cơ sở cho hòa giải viên xã Đồng Đăng"


def _run_extraction_tasks() -> list[bool]:
    results = []
    for task in DBTaskResult.objects.filter(task_path="cqdt.documents.tasks.extract_pdf_text").order_by("pk"):
        results.append(extract_pdf_text.call(*task.args_kwargs["args"]))
    return results


def test_the_task_extracts_the_text_once_and_refreshes_the_search_text(world):
    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        document = services.incoming_register(
            actor=world.clerk,
            agency=world.justice,
            metadata=metadata(world, summary="Kế hoạch tập huấn"),
            main_file=pdf("kh.pdf", BODY, "Trang 2: kinh phí thực hiện"),
        )
    assert _run_extraction_tasks() == [True]
    assert _run_extraction_tasks() == [False]  # idempotent
    stored = IncomingFile.objects.get(document=document)
    assert stored.text == f"{BODY}\nTrang 2: kinh phí thực hiện"
    assert IncomingDocument.objects.get(pk=document.pk).search_text.endswith(
        "to chuc hoi nghi tap huan nghiep vu hoa giai o co so cho hoa giai vien xa dong dang "
        "trang 2: kinh phi thuc hien"
    )
    for query, found in [("HOA GIAI dong dang", 1), ("kinh phí", 1), ("hòa giải Lạng Sơn", 0), ("45/KH", 1)]:
        filters = selectors.Filters(q=query)
        assert selectors.incoming_list_for(user=world.clerk, filters=filters).count() == found, query


def test_outgoing_versions_are_searchable_and_copies_keep_the_text(world):
    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        document = draft(world)
        services.outgoing_add_version(actor=world.specialist, document=document, upload=pdf("v2.pdf", BODY))
        _run_extraction_tasks()
        assert OutgoingVersion.objects.filter(text_extracted_at__isnull=False).count() == 2
        found = selectors.outgoing_list_for(
            user=world.specialist, filters=selectors.Filters(q="hoa giai vien")
        )
        assert list(found) == [document]
        sent = issued(world)
    _run_extraction_tasks()
    copy = IncomingDocument.objects.get(delivery__document=sent, agency=world.interior)
    assert "ban da ky" in copy.search_text  # the text of the signed scan, as the sender had it
    assert (
        selectors.incoming_list_for(user=world.other_clerk, filters=selectors.Filters(q="da ky")).count() == 1
    )


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="Unknown kind 'other'"):
        services.documents_text_extract(kind="other", pk=1)
