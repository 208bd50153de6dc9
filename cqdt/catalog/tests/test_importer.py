import hashlib
import json

import pytest

from cqdt.agencies.models import AgencyKind
from cqdt.agencies.services import agency_create
from cqdt.catalog.models import Procedure, ProcedureCase, ProcedureField
from cqdt.catalog.selectors import catalog_export
from cqdt.catalog.services import CatalogImportError, ImportProblem, catalog_import, catalog_import_file
from cqdt.catalog.tests.documents import small_document
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    justice = agency_create(
        actor=None,
        name="Sở Tư pháp",
        level="province",
        kind=AgencyKind.DEPARTMENT,
        identifier_code="000.00.03.H98",
    )
    communes = [
        agency_create(
            actor=None, name=f"Ủy ban nhân dân xã {name}", level="commune", kind="peoples_committee"
        )
        for name in ("Đồng Đăng", "Na Sầm")
    ]
    return justice, communes


def _problems(document, files_dir=None):
    with pytest.raises(CatalogImportError) as error:
        catalog_import(actor=None, document=document, files_dir=files_dir)
    return error.value.problems


def test_import_creates_everything_then_a_second_run_changes_nothing(directory):
    justice, communes = directory
    result = catalog_import(actor=None, document=small_document())

    assert (result.created, result.updated, result.unchanged, result.fields_created) == (2, 0, 0, 2)
    marital = Procedure.objects.get(code="1.004873")
    assert set(marital.agencies.all()) == set(communes)
    certification = Procedure.objects.get(code="2.000815")
    assert list(certification.agencies.all()) == [justice]
    assert certification.supplement_policy == "restart"
    assert certification.search_text == "2.000815 thu tuc chung thuc ban sao tu ban chinh chung thuc"
    assert list(certification.cases.values_list("code", "is_active")) == [("01", True), ("02", False)]
    audit_rows = AuditRecord.objects.count()

    again = catalog_import(actor=None, document=small_document())
    assert (again.created, again.updated, again.unchanged, again.fields_created) == (0, 0, 2, 0)
    assert AuditRecord.objects.count() == audit_rows


def test_import_updates_a_changed_procedure_in_place(directory):
    catalog_import(actor=None, document=small_document())
    case_pk = ProcedureCase.objects.get(procedure__code="1.004873", code="01").pk
    document = small_document()
    marital = document["procedures"][0]
    marital["name"] = "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân (sửa)"
    marital["cases"][0]["time_limit"] = {"amount": 5, "unit": "working_days"}
    marital["cases"][0]["steps"][1]["hours"] = 28
    marital["cases"][0]["components"].append(
        {
            "code": "GT",
            "name": "Giấy tờ khác",
            "originals": 0,
            "copies": 1,
            "mandatory": False,
            "blank_form": None,
        }
    )

    result = catalog_import(actor=None, document=document)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    case = ProcedureCase.objects.get(pk=case_pk)
    assert case.time_limit_label == "5 ngày làm việc"
    assert list(case.components.values_list("code", "position")) == [("TK", 1), ("GT", 2)]
    assert catalog_export(codes=["1.004873"])["procedures"] == [marital]
    actions = list(AuditRecord.objects.filter(action__startswith="catalog.").values_list("action", flat=True))
    assert actions[-3:] == ["catalog.procedure_update", "catalog.case_update", "catalog.component_create"]


def test_cases_left_out_of_the_file_are_deactivated_not_deleted(directory):
    catalog_import(actor=None, document=small_document())
    document = small_document()
    document["procedures"][1]["cases"] = document["procedures"][1]["cases"][1:]
    document["procedures"][1]["cases"][0]["is_active"] = True

    catalog_import(actor=None, document=document)

    cases = ProcedureCase.objects.filter(procedure__code="2.000815").order_by("code")
    assert list(cases.values_list("code", "is_active", "position")) == [("01", False, 1), ("02", True, 1)]


def test_a_structurally_invalid_file_lists_every_problem_and_writes_nothing(directory):
    document = small_document()
    document["version"] = 2
    procedure = document["procedures"][1]
    del procedure["name"]
    procedure["levels"] = ["ward"]
    procedure["fees"][0]["amount"] = "2.000"
    procedure["cases"][0]["time_limit"] = {"amount": 0, "unit": "days"}
    procedure["cases"][0]["steps"][0]["role"] = "boss"
    procedure["cases"][0]["components"][0]["colour"] = "red"

    assert _problems(document) == [
        ImportProblem(
            "$.procedures[1].cases[0].components[0].colour",
            "Trường này không thuộc danh sách trường được phép.",
        ),
        ImportProblem(
            "$.procedures[1].cases[0].steps[0].role",
            "Trường này phải là một trong các giá trị: one_stop_officer, specialist, section_head, "
            "agency_head, clerk, "
            "administrator.",
        ),
        ImportProblem("$.procedures[1].cases[0].time_limit.amount", "Trường này phải lớn hơn hoặc bằng 1."),
        ImportProblem(
            "$.procedures[1].cases[0].time_limit.unit",
            "Trường này phải là một trong các giá trị: working_days, working_hours, calendar_days.",
        ),
        ImportProblem("$.procedures[1].fees[0].amount", "Trường này phải là số nguyên hoặc rỗng (null)."),
        ImportProblem(
            "$.procedures[1].levels[0]",
            "Trường này phải là một trong các giá trị: central, province, district, commune.",
        ),
        ImportProblem("$.procedures[1].name", "Trường này là bắt buộc."),
        ImportProblem("$.version", "Trường này phải có giá trị 1."),
    ]
    assert Procedure.objects.count() == 0
    assert ProcedureField.objects.count() == 0


def test_rule_problems_are_all_reported_with_their_paths(directory):
    document = small_document()
    document["fields"].append({"code": "ho tich", "name": "Trùng"})
    marital, certification = document["procedures"]
    marital["cases"][0]["steps"][1]["hours"] = 10
    marital["cases"][0]["components"].append(dict(marital["cases"][0]["components"][0]))
    marital["cases"].append(dict(marital["cases"][0], name="Trùng mã"))
    certification["field"] = "quoc-tich"
    certification["code"] = "1.004873"
    certification["implementing_agencies"]["codes"] = ["000.00.09.H98"]
    certification["cases"][0]["form_schema"] = {
        "type": "object",
        "properties": {"x": {"type": "text", "title": "X"}},
    }
    certification["cases"][1]["steps"][0]["hours"] = 0.125
    certification["fees"][0]["amount"] = 10**14

    assert [str(problem) for problem in _problems(document)] == [
        "$.fields[2].code: Mã lĩnh vực «ho tich» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, gạch "
        "ngang, gạch "
        "dưới, tối đa 32 ký tự.",
        "$.procedures[0].cases[0].steps: Tổng thời gian các bước (22 giờ) phải bằng thời hạn 3 ngày làm "
        "việc × 8 giờ "
        "= 24 giờ.",
        "$.procedures[0].cases[0].components[1].code: Mã thành phần hồ sơ «TK» lặp lại trong trường hợp.",
        "$.procedures[0].cases[1].steps: Tổng thời gian các bước (22 giờ) phải bằng thời hạn 3 ngày làm "
        "việc × 8 giờ "
        "= 24 giờ.",
        "$.procedures[0].cases[1].components[1].code: Mã thành phần hồ sơ «TK» lặp lại trong trường hợp.",
        "$.procedures[0].cases[1].code: Mã trường hợp «01» lặp lại trong thủ tục.",
        "$.procedures[1].code: Mã thủ tục «1.004873» lặp lại ($.procedures[0]).",
        "$.procedures[1].implementing_agencies.codes[0]: Không tìm thấy đúng một cơ quan có mã định danh "
        "hoặc mã nội "
        "bộ «000.00.09.H98».",
        "$.procedures[1].field: Không có lĩnh vực mã «quoc-tich» trong tệp (mục fields) hay trong CSDL.",
        "$.procedures[1].fees[0]: Mức thu phải là số đồng không âm.",
        "$.procedures[1].cases[0].form_schema: Biểu mẫu điện tử không phải JSON Schema Draft 2020-12 hợp "
        "lệ: tại "
        "«properties.x.type», giá trị không khớp với dạng dữ liệu cho phép.",
        "$.procedures[1].cases[1].steps: Bước 1: Thời gian của mỗi bước được ghi tối đa 2 chữ số thập phân.",
    ]
    assert Procedure.objects.count() == 0


def test_the_report_lists_every_problem_in_vietnamese(directory):
    document = small_document()
    document["procedures"][0]["cases"][0]["steps"][1]["hours"] = 10
    del document["procedures"][1]["levels"]
    with pytest.raises(CatalogImportError) as error:
        catalog_import(actor=None, document=document)
    assert error.value.report() == (
        "Tệp danh mục thủ tục không hợp lệ, không có thay đổi nào được ghi. Có 1 lỗi:\n"
        "- $.procedures[1].levels: Trường này là bắt buộc."
    )


def test_an_agency_code_that_no_longer_resolves_refuses_the_whole_file(directory):
    document = small_document()
    catalog_import(actor=None, document=document)
    document["procedures"][0]["name"] = "Tên mới"
    document["procedures"][1]["fees"] = []
    Procedure.objects.filter(code="2.000815").update(name="Tên cũ")

    justice, _communes = directory
    justice.identifier_code = ""
    justice.save(update_fields=["identifier_code"])
    problems = _problems(document)

    assert problems == [
        ImportProblem(
            "$.procedures[1].implementing_agencies.codes[0]",
            "Không tìm thấy đúng một cơ quan có mã định danh hoặc mã nội bộ «000.00.03.H98».",
        )
    ]
    assert Procedure.objects.get(code="1.004873").name == "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"


def test_blank_forms_are_read_from_the_files_folder(directory, tmp_path):
    content = "Mẫu tờ khai".encode()
    (tmp_path / "to-khai.docx").write_bytes(content)
    document = small_document()
    component = document["procedures"][0]["cases"][0]["components"][0]
    component["blank_form"] = {"file": "to-khai.docx"}

    catalog_import(actor=None, document=document, files_dir=tmp_path)

    exported = catalog_export(codes=["1.004873"])["procedures"][0]["cases"][0]["components"][0]
    assert exported["blank_form"] == {"file": "to-khai.docx", "sha256": hashlib.sha256(content).hexdigest()}

    component["blank_form"] = {"file": "to-khai.docx", "sha256": "0" * 64}
    component["name"] = "Đổi tên"
    assert _problems(document, tmp_path) == [
        ImportProblem(
            "$.procedures[0].cases[0].components[0].blank_form.sha256",
            f"SHA-256 của tệp «to-khai.docx» không khớp ({hashlib.sha256(content).hexdigest()}).",
        )
    ]
    component["blank_form"] = {"file": "khong-co.pdf"}
    assert _problems(document, tmp_path) == [
        ImportProblem(
            "$.procedures[0].cases[0].components[0].blank_form.file",
            f"Không đọc được tệp mẫu «khong-co.pdf» trong thư mục {tmp_path}.",
        )
    ]


def test_import_file_reports_a_syntax_error(tmp_path):
    path = tmp_path / "hong.json"
    path.write_text('{"format": "cqdt-catalog",\n  "version": 1,,}', encoding="utf-8")
    with pytest.raises(CatalogImportError) as error:
        catalog_import_file(actor=None, path=path)
    assert error.value.problems == [
        ImportProblem("$", "Tệp không phải JSON hợp lệ: lỗi cú pháp tại dòng 2, cột 16.")
    ]


def test_import_file_reads_utf8_json(directory, tmp_path):
    path = tmp_path / "danh-muc.json"
    path.write_text(json.dumps(small_document(), ensure_ascii=False), encoding="utf-8")
    assert catalog_import_file(actor=None, path=path).created == 2
