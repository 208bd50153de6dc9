"""Numbers under concurrency: 8 threads × 100 numberings in one register, distinct and gapless
(PostgreSQL, real row locks; SQLite serialises writers and cannot show the race)."""

import importlib
import threading
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import connection, connections

from cqdt.documents import services
from cqdt.documents.models import IncomingDocument, OutgoingDocument
from cqdt.documents.status import OutgoingStatus, SignatureKind
from cqdt.documents.tests.factories import World, make_world, metadata
from cqdt.documents.tests.helpers import pdf

THREADS = 8
PER_THREAD = 100

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock concurrency needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    # A transactional test starts from tables emptied by the previous one, data migrations included.
    importlib.import_module("cqdt.documents.migrations.0002_decree_30_document_types").load_types(apps, None)


def _run_in_threads(work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _signed_documents(world: World, count: int) -> list[OutgoingDocument]:
    """Documents ready for the clerk (made directly: the flow before issue is not under test here)."""
    return OutgoingDocument.objects.bulk_create(
        OutgoingDocument(
            agency=world.justice,
            drafting_unit=world.section,
            drafting_unit_abbreviation="HCTP",
            document_type=world.type("cong-van"),
            summary=f"Công văn thử nghiệm {index}",
            status=OutgoingStatus.SIGNED,
            signature_kind=SignatureKind.PAPER,
            created_by=world.specialist,
        )
        for index in range(count)
    )


def test_parallel_issues_in_one_register_get_distinct_gapless_numbers():
    world = make_world()
    documents = _signed_documents(world, THREADS * PER_THREAD)

    def issue(index: int) -> None:
        for document in documents[index::THREADS]:
            services.outgoing_issue(actor=world.clerk, document=document)

    assert _run_in_threads(issue) == []
    rows = list(OutgoingDocument.objects.values_list("register_id", "year", "number", "notation"))
    assert len({(register, year) for register, year, _, _ in rows}) == 1
    assert {notation for _, _, _, notation in rows} == {"STP-HCTP"}
    assert sorted(number for _, _, number, _ in rows) == list(range(1, THREADS * PER_THREAD + 1))


def test_parallel_registrations_get_distinct_gapless_arrival_numbers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()

    def register_many(index: int) -> None:
        for _ in range(PER_THREAD):
            services.incoming_register(
                actor=world.clerk, agency=world.justice, metadata=metadata(world), main_file=pdf()
            )

    assert _run_in_threads(register_many) == []
    numbers = sorted(IncomingDocument.objects.values_list("arrival_number", flat=True))
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
