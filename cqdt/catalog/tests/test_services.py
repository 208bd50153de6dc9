import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from cqdt.accounts.models import StaffRole
from cqdt.agencies.models import AgencyKind, GovernmentLevel
from cqdt.agencies.services import agency_create
from cqdt.catalog import services
from cqdt.catalog.models import AgencyLinkSource, Fee, Procedure, ProcedureCase, ProcessStep
from cqdt.catalog.services import AgencyRule, BlankForm, CaseData, ComponentData, FeeData, StepData
from cqdt.catalog.tests.factories import FOUR_HOUR_PROCESS, make_procedure, procedure_data, three_day_process
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def _audit_actions() -> list[str]:
    return list(AuditRecord.objects.order_by("pk").values_list("action", flat=True))


def _steps(*hours: str) -> list[StepData]:
    return [StepData(f"Bước {i}", StaffRole.SPECIALIST, Decimal(h)) for i, h in enumerate(hours, 1)]


def test_procedure_create_sets_derived_columns_and_audits():
    field = services.field_create(actor=None, code="ho-tich", name="Hộ tịch")
    procedure = services.procedure_create(
        actor=None, data=procedure_data(field, levels=(GovernmentLevel.PROVINCE, GovernmentLevel.COMMUNE))
    )

    procedure.refresh_from_db()
    assert procedure.national_code == "1.001193"
    assert procedure.search_text == "1.001193 thu tuc dang ky khai sinh ho tich"
    assert sorted(procedure.levels.values_list("level", flat=True)) == ["commune", "province"]
    assert procedure.supplement_policy == "pause"
    record = AuditRecord.objects.get(action="catalog.procedure_create")
    assert record.object_id == str(procedure.pk)
    assert record.actor_label == "hệ thống"
    assert record.after["levels"] == ["province", "commune"]
    assert record.after["legal_basis"] == ["Luật Hộ tịch số 60/2014/QH13"]


def test_local_procedure_code_keeps_its_national_part():
    field = services.field_create(actor=None, code="ho-tich", name="Hộ tịch")
    procedure = services.procedure_create(
        actor=None, data=procedure_data(field, code="1.003560.000.00.00.H56")
    )
    assert procedure.national_code == "1.003560"


def test_procedure_problems_are_reported_per_field_in_vietnamese():
    field = services.field_create(actor=None, code="ho-tich", name="Hộ tịch")
    services.procedure_create(actor=None, data=procedure_data(field))
    bad = procedure_data(field, name="  ", levels=(), online_service="toan-trinh", legal_basis=("",))

    with pytest.raises(ValidationError) as error:
        services.procedure_create(actor=None, data=bad)

    assert error.value.message_dict == {
        "code": ["Đã có thủ tục mang mã «1.001193»."],
        "name": ["Tên thủ tục không được để trống."],
        "levels": ["Phải chọn ít nhất một cấp thực hiện."],
        "online_service": ["Loại dịch vụ trực tuyến «toan-trinh» không hợp lệ."],
        "legal_basis": ["Căn cứ pháp lý thứ 1 không được để trống."],
    }
    assert Procedure.objects.count() == 1


def test_case_steps_must_add_up_to_working_days_times_eight():
    procedure = make_procedure()
    data = CaseData(code="02", name="Cần xác minh", time_limit_amount=5, time_limit_unit="working_days")

    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=data, steps=_steps("4", "20", "4", "2"))

    assert error.value.message_dict == {
        "steps": ["Tổng thời gian các bước (30 giờ) phải bằng thời hạn 5 ngày làm việc × 8 giờ = 40 giờ."]
    }
    assert not ProcedureCase.objects.filter(code="02").exists()
    assert _audit_actions().count("catalog.case_create") == 1  # the fixture case only

    case = services.case_create(actor=None, procedure=procedure, data=data, steps=_steps("4", "30", "4", "2"))
    assert list(case.steps.values_list("position", "hours")) == [
        (1, Decimal("4.00")),
        (2, Decimal("30.00")),
        (3, Decimal("4.00")),
        (4, Decimal("2.00")),
    ]


def test_working_hours_limit_is_split_as_is():
    procedure = make_procedure()
    data = CaseData(code="02", name="Trong ngày", time_limit_amount=4, time_limit_unit="working_hours")
    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=data, steps=_steps("0.5", "2", "1"))
    assert error.value.messages == ["Tổng thời gian các bước (3,5 giờ) phải bằng thời hạn 4 giờ làm việc."]


def test_calendar_days_are_split_eight_hours_per_day():
    procedure = make_procedure()
    data = CaseData(code="02", name="Hòa giải", time_limit_amount=30, time_limit_unit="calendar_days")
    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=data, steps=_steps("8", "200"))
    assert error.value.messages == [
        "Tổng thời gian các bước (208 giờ) phải bằng thời hạn 30 ngày × 8 giờ = 240 giờ."
    ]
    services.case_create(actor=None, procedure=procedure, data=data, steps=_steps("8", "232"))


def test_case_without_time_limit_has_no_sum_rule_but_needs_a_process_while_active():
    procedure = make_procedure()
    no_limit = CaseData(code="02", name="Không có ngày hẹn trả")
    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=no_limit, steps=[])
    assert error.value.message_dict["steps"][0].startswith("Trường hợp đang áp dụng phải có quy trình nội bộ")

    case = services.case_create(actor=None, procedure=procedure, data=no_limit, steps=_steps("1", "0.25"))
    assert case.time_limit_label == "Không có ngày hẹn trả"
    draft = CaseData(
        code="03", name="Đang soạn", time_limit_amount=3, time_limit_unit="working_days", is_active=False
    )
    assert services.case_create(actor=None, procedure=procedure, data=draft, steps=[]).steps.count() == 0


def test_step_values_are_checked_one_by_one():
    procedure = make_procedure()
    data = CaseData(code="02", name="X", time_limit_amount=1, time_limit_unit="working_days")
    steps = [StepData("", "thu-ky", Decimal("0.125")), StepData("Duyệt", StaffRole.AGENCY_HEAD, Decimal(0))]
    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=data, steps=steps)
    assert error.value.message_dict["steps"] == [
        "Bước 1: nội dung công việc không được để trống.",
        "Bước 1: vai trò «thu-ky» không hợp lệ.",
        "Bước 1: Thời gian của mỗi bước được ghi tối đa 2 chữ số thập phân.",
        "Bước 2: Thời gian của mỗi bước phải lớn hơn 0 giờ.",
    ]


def test_changing_the_limit_needs_the_new_process_in_the_same_call():
    procedure = make_procedure()
    case = procedure.cases.get()
    three_days = CaseData(
        code="01", name="Đăng ký khai sinh", time_limit_amount=3, time_limit_unit="working_days"
    )

    with pytest.raises(ValidationError) as error:
        services.case_update(actor=None, case=case, data=three_days)
    assert error.value.messages == [
        "Tổng thời gian các bước (4 giờ) phải bằng thời hạn 3 ngày làm việc × 8 giờ = 24 giờ."
    ]

    services.case_update(actor=None, case=case, data=three_days, steps=three_day_process())
    case.refresh_from_db()
    assert case.time_limit_label == "3 ngày làm việc"
    assert list(case.steps.values_list("hours", flat=True)) == [
        Decimal(4),
        Decimal(14),
        Decimal(4),
        Decimal(2),
    ]
    record = AuditRecord.objects.get(action="catalog.case_update")
    assert record.before["time_limit"] == {"amount": 4, "unit": "working_hours"}
    assert record.after["time_limit"] == {"amount": 3, "unit": "working_days"}
    assert [step["hours"] for step in record.after["steps"]] == [4, 14, 4, 2]


def test_case_set_steps_renumbers_and_removes_surplus_steps():
    case = make_procedure().cases.get()
    steps = [
        StepData("Tiếp nhận và giải quyết", StaffRole.ONE_STOP_OFFICER, Decimal(3)),
        FOUR_HOUR_PROCESS[2],
    ]
    services.case_set_steps(actor=None, case=case, steps=steps)
    assert list(ProcessStep.objects.filter(case=case).values_list("position", "name", "role")) == [
        (1, "Tiếp nhận và giải quyết", "one_stop_officer"),
        (2, "Ký kết quả", "agency_head"),
    ]
    assert _audit_actions()[-1] == "catalog.case_set_steps"
    services.case_set_steps(actor=None, case=case, steps=steps)
    assert _audit_actions()[-1] == "catalog.case_set_steps"
    assert _audit_actions().count("catalog.case_set_steps") == 1


def test_case_code_is_unique_within_its_procedure():
    procedure = make_procedure()
    data = CaseData(code="01", name="Trùng", time_limit_amount=4, time_limit_unit="working_hours")
    with pytest.raises(ValidationError) as error:
        services.case_create(actor=None, procedure=procedure, data=data, steps=FOUR_HOUR_PROCESS)
    assert error.value.message_dict == {"code": ["Thủ tục đã có trường hợp mang mã «01»."]}


def test_procedure_set_fees_replaces_the_list_and_audits_changes_only():
    procedure = make_procedure()
    fees = [
        FeeData("fee", 2000, "Trang thứ nhất và thứ hai, mỗi trang"),
        FeeData("charge", None, "Lệ phí theo Nghị quyết của HĐND tỉnh"),
    ]
    services.procedure_set_fees(actor=None, procedure=procedure, fees=fees)
    services.procedure_set_fees(actor=None, procedure=procedure, fees=fees)
    services.procedure_set_fees(actor=None, procedure=procedure, fees=fees[1:])

    assert list(Fee.objects.filter(procedure=procedure).values_list("position", "kind", "amount")) == [
        (1, "charge", None)
    ]
    assert _audit_actions().count("catalog.procedure_set_fees") == 2
    with pytest.raises(ValidationError) as error:
        services.procedure_set_fees(actor=None, procedure=procedure, fees=[FeeData("phi", -1, " ")])
    assert error.value.message_dict == {
        "fees": [
            "Khoản thu 1: loại «phi» không hợp lệ (dùng fee = phí, charge = lệ phí).",
            "Khoản thu 1: mức thu phải là số đồng không âm.",
            "Khoản thu 1: phải ghi nội dung, điều kiện áp dụng.",
        ]
    }


def _directory():
    province = agency_create(
        actor=None,
        name="UBND tỉnh",
        level="province",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        identifier_code="000.00.00.H98",
    )
    justice = agency_create(
        actor=None,
        name="Sở Tư pháp",
        level="province",
        kind=AgencyKind.DEPARTMENT,
        parent=province,
        internal_code="STP",
    )
    communes = [
        agency_create(
            actor=None,
            name=f"Ủy ban nhân dân xã {name}",
            level="commune",
            kind="peoples_committee",
            internal_code=code,
        )
        for name, code in (("Đồng Đăng", "X.DD"), ("Na Sầm", ""))
    ]
    agency_create(
        actor=None,
        name="Trung tâm PVHCC xã Na Sầm",
        level="commune",
        kind="service_centre",
        parent=communes[1],
    )
    agency_create(
        actor=None,
        name="Ủy ban nhân dân xã Cũ",
        level="commune",
        kind="peoples_committee",
        parent=province,
        valid_to=dt.date(2025, 6, 30),
    )
    return justice, communes


def test_agency_rules_link_active_agencies_and_explicit_codes_win():
    justice, communes = _directory()
    field = services.field_create(actor=None, code="ho-tich", name="Hộ tịch")
    rules = (
        AgencyRule(level="commune", kind="peoples_committee"),
        AgencyRule(level="province", name_contains="so tu"),
    )
    procedure = services.procedure_create(
        actor=None, data=procedure_data(field, agency_rules=rules, agencies=(communes[0],))
    )

    links = {link.agency.name: link.source for link in procedure.agency_links.select_related("agency")}
    assert links == {
        "Ủy ban nhân dân xã Đồng Đăng": AgencyLinkSource.EXPLICIT,
        "Ủy ban nhân dân xã Na Sầm": AgencyLinkSource.RULE,
        "Sở Tư pháp": AgencyLinkSource.RULE,
    }
    assert justice in procedure.agencies.all()

    new = agency_create(actor=None, name="Ủy ban nhân dân xã Mới", level="commune", kind="peoples_committee")
    assert services.procedure_relink_agencies(actor=None, procedure=procedure) is True
    assert procedure.agencies.filter(pk=new.pk).exists()
    assert services.procedure_relink_agencies(actor=None, procedure=procedure) is False
    assert _audit_actions().count("catalog.procedure_relink_agencies") == 1


def test_an_explicit_agency_needs_a_code():
    _justice, communes = _directory()
    field = services.field_create(actor=None, code="ho-tich", name="Hộ tịch")
    with pytest.raises(ValidationError) as error:
        services.procedure_create(actor=None, data=procedure_data(field, agencies=(communes[1],)))
    assert error.value.message_dict == {
        "agencies": [
            "Cơ quan «Ủy ban nhân dân xã Na Sầm» chưa có mã định danh hoặc mã nội bộ nên không thể chỉ định."
        ]
    }


def test_blank_forms_are_stored_by_content_and_shared():
    case = make_procedure().cases.get()
    content = b"%PDF-1.4 to khai"
    digest = hashlib.sha256(content).hexdigest()
    first = services.component_create(
        actor=None,
        case=case,
        data=ComponentData(code="TK", name="Tờ khai đăng ký khai sinh", originals=1),
        blank_form=BlankForm("to-khai-khai-sinh.pdf", content),
    )
    second = services.component_create(
        actor=None,
        case=case,
        data=ComponentData(code="TK2", name="Tờ khai (bản thứ hai)", originals=1, position=2),
        blank_form=BlankForm("to-khai-khai-sinh.pdf", content),
    )

    assert first.blank_form.name == second.blank_form.name == f"catalog/forms/{digest}/to-khai-khai-sinh.pdf"
    assert first.blank_form_sha256 == digest
    assert default_storage.open(first.blank_form.name).read() == content

    updated = services.component_update(
        actor=None,
        component=second,
        data=ComponentData(code="TK2", name="Tờ khai", position=2),
        remove_blank_form=True,
    )
    assert (updated.blank_form.name, updated.blank_form_sha256) == ("", "")
    assert default_storage.exists(first.blank_form.name)
    record = AuditRecord.objects.filter(action="catalog.component_update").get()
    assert record.before["blank_form"] == {"file": "to-khai-khai-sinh.pdf", "sha256": digest}
    assert record.after["blank_form"] is None


def test_component_problems():
    case = make_procedure().cases.get()
    services.component_create(actor=None, case=case, data=ComponentData(code="TK", name="Tờ khai"))
    with pytest.raises(ValidationError) as error:
        services.component_create(
            actor=None,
            case=case,
            data=ComponentData(code="TK", name="", originals=-1),
            blank_form=BlankForm("../mau.pdf", b"x"),
        )
    assert error.value.message_dict == {
        "code": ["Trường hợp đã có thành phần hồ sơ mang mã «TK»."],
        "name": ["Tên thành phần hồ sơ không được để trống."],
        "originals": ["Số bản chính phải từ 0 đến 100."],
        "blank_form": [
            "Tên tệp mẫu «../mau.pdf» không hợp lệ (không chứa thư mục hay ký tự đặc biệt, tối đa 150 ký tự)."
        ],
    }


def test_component_delete_is_audited():
    case = make_procedure().cases.get()
    component = services.component_create(
        actor=None, case=case, data=ComponentData(code="TK", name="Tờ khai")
    )
    services.component_delete(actor=None, component=component)
    assert not case.components.exists()
    assert AuditRecord.objects.get(action="catalog.component_delete").before["code"] == "TK"


def test_renaming_a_field_refreshes_the_search_text_of_its_procedures():
    procedure = make_procedure()
    services.field_update(actor=None, field=procedure.field, code="ho-tich", name="Hộ tịch, quốc tịch")
    procedure.refresh_from_db()
    assert procedure.search_text == "1.001193 thu tuc dang ky khai sinh ho tich, quoc tich"
