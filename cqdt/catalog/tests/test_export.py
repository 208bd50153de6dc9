import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.agencies.models import AgencyKind
from cqdt.agencies.services import agency_create
from cqdt.catalog.models import Procedure, ProcedureField
from cqdt.catalog.selectors import catalog_export
from cqdt.catalog.services import catalog_import
from cqdt.catalog.tests.documents import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def directory():
    agency_create(
        actor=None,
        name="Sở Tư pháp",
        level="province",
        kind=AgencyKind.DEPARTMENT,
        identifier_code="000.00.03.H98",
    )
    agency_create(actor=None, name="Ủy ban nhân dân xã Na Sầm", level="commune", kind="peoples_committee")


def _wipe_catalogue():
    Procedure.objects.all().delete()
    ProcedureField.objects.all().delete()


def test_export_of_an_imported_document_is_the_document():
    catalog_import(actor=None, document=small_document())
    assert catalog_export() == small_document()


def test_export_then_import_into_an_empty_catalogue_round_trips_exactly():
    catalog_import(actor=None, document=small_document())
    first = catalog_export()
    _wipe_catalogue()

    catalog_import(actor=None, document=json.loads(json.dumps(first)))

    assert catalog_export() == first


def test_export_reads_a_fixed_number_of_queries():
    catalog_import(actor=None, document=small_document())
    with CaptureQueriesContext(connection) as one:
        catalog_export()
    document = small_document()
    for procedure in document["procedures"]:
        procedure["code"] = procedure["code"].replace("1.", "1.9").replace("2.", "2.9")[:8]
    catalog_import(actor=None, document=document)
    with CaptureQueriesContext(connection) as two:
        assert len(catalog_export()["procedures"]) == 4
    assert len(one.captured_queries) == len(two.captured_queries) == 8


def test_commands_round_trip_with_blank_forms(tmp_path):
    forms_dir = tmp_path / "mau"
    forms_dir.mkdir()
    (forms_dir / "to-khai.pdf").write_bytes(b"%PDF-1.7 mau to khai")
    document = small_document()
    document["procedures"][0]["cases"][0]["components"][0]["blank_form"] = {"file": "to-khai.pdf"}
    source = tmp_path / "nguon.json"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    call_command("import_procedures", str(source), "--files-dir", str(forms_dir))
    exported = tmp_path / "xuat" / "danh-muc.json"
    exported.parent.mkdir()
    call_command("export_procedures", str(exported))

    assert (exported.parent / "to-khai.pdf").read_bytes() == b"%PDF-1.7 mau to khai"
    text = exported.read_text(encoding="utf-8")
    assert "Giấy xác nhận tình trạng hôn nhân" in text  # written as UTF-8, not \u escapes
    _wipe_catalogue()
    call_command("import_procedures", str(exported))
    assert catalog_export() == json.loads(text)


def test_import_command_fails_with_the_report(tmp_path):
    document = small_document()
    document["procedures"][0]["online_service"] = "muc-4"
    path = tmp_path / "loi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_procedures", str(path))
    assert str(error.value) == (
        "Tệp danh mục thủ tục không hợp lệ, không có thay đổi nào được ghi. Có 1 lỗi:\n"
        "- $.procedures[0].online_service: Trường này phải là một trong các giá trị: full, partial, none."
    )
