"""The admin saves through the services: the same rules give the messages, and every change is audited."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cqdt.agencies.services import agency_create
from cqdt.catalog.models import Procedure, ProcedureCase
from cqdt.catalog.services import catalog_import
from cqdt.catalog.tests.documents import small_document
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue():
    agency_create(
        actor=None, name="Sở Tư pháp", level="province", kind="department", identifier_code="000.00.03.H98"
    )
    catalog_import(actor=None, document=small_document())
    return Procedure.objects.get(code="1.004873")


def _management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _prefixed(prefix, index, values):
    return {f"{prefix}-{index}-{name}": value for name, value in values.items()}


def _procedure_post(procedure, **changes):
    data = {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field_id,
        "online_service": procedure.online_service,
        "supplement_policy": procedure.supplement_policy,
        "is_active": "on",
        "agency_rules": json.dumps(procedure.agency_rules),
        "notes": procedure.notes,
        "levels": [row.level for row in procedure.levels.all()],
        "legal_basis_text": "\n".join(procedure.legal_basis),
        "result_documents_text": "\n".join(procedure.result_documents),
        **_management("fees", procedure.fees.count(), procedure.fees.count()),
        **_management("cases", procedure.cases.count(), procedure.cases.count()),
    }
    for index, fee in enumerate(procedure.fees.all()):
        values = {"id": fee.pk, "procedure": procedure.pk, "kind": fee.kind, "description": fee.description}
        values["amount"] = "" if fee.amount is None else fee.amount
        data.update(_prefixed("fees", index, values))
    for index, case in enumerate(procedure.cases.all()):
        values = {"id": case.pk, "procedure": procedure.pk, "position": case.position, "code": case.code}
        values |= {"name": case.name, "time_limit_amount": case.time_limit_amount or ""}
        values |= {"time_limit_unit": case.time_limit_unit, "is_active": "on" if case.is_active else ""}
        data.update(_prefixed("cases", index, values))
    data.update(changes)
    return data


def _case_post(case, steps, **changes):
    data = {
        "procedure": case.procedure_id,
        "position": case.position,
        "code": case.code,
        "name": case.name,
        "time_limit_amount": case.time_limit_amount or "",
        "time_limit_unit": case.time_limit_unit,
        "form_schema": json.dumps(case.form_schema),
        "is_active": "on",
        **_management("components", case.components.count(), case.components.count()),
        **_management("steps", len(steps), case.steps.count()),
    }
    for index, component in enumerate(case.components.all()):
        values = {"id": component.pk, "case": case.pk, "position": component.position, "code": component.code}
        values |= {"name": component.name, "originals": component.originals, "copies": component.copies}
        values["is_mandatory"] = "on" if component.is_mandatory else ""
        data.update(_prefixed("components", index, values))
    existing = list(case.steps.all())
    for index, (name, role, hours) in enumerate(steps):
        values = {
            "case": case.pk,
            "position": index + 1,
            "name": name,
            "role": role,
            "unit": "",
            "hours": hours,
        }
        data.update(_prefixed("steps", index, values))
        if index < len(existing):
            data[f"steps-{index}-id"] = existing[index].pk
    data.update(changes)
    return data


def test_pages_render(admin_client, catalogue):
    case = catalogue.cases.get()
    for url in (
        "/admin/catalog/procedure/",
        "/admin/catalog/procedure/?q=xac+nhan+tinh+trang",
        "/admin/catalog/procedure/add/",
        f"/admin/catalog/procedure/{catalogue.pk}/change/",
        f"/admin/catalog/procedurecase/{case.pk}/change/",
        "/admin/catalog/procedurecase/add/",
        "/admin/catalog/procedurefield/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_procedure_change_goes_through_the_service(admin_client, admin_user, catalogue):
    data = _procedure_post(
        catalogue, name="Cấp Giấy xác nhận tình trạng hôn nhân (sửa)", legal_basis_text="A\n\nB"
    )
    data["fees-0-amount"] = "15000"

    response = admin_client.post(f"/admin/catalog/procedure/{catalogue.pk}/change/", data)

    assert response.status_code == 302
    catalogue.refresh_from_db()
    assert catalogue.legal_basis == ["A", "B"]
    assert catalogue.search_text == "1.004873 cap giay xac nhan tinh trang hon nhan (sua) ho tich"
    assert catalogue.fees.get().amount == 15000
    update = AuditRecord.objects.get(action="catalog.procedure_update")
    assert update.actor == admin_user
    fees = AuditRecord.objects.get(action="catalog.procedure_set_fees", actor=admin_user)
    assert fees.after["fees"][0]["amount"] == 15000


def test_procedure_form_shows_service_problems(admin_client, catalogue):
    data = _procedure_post(catalogue, agency_rules='[{"level": "xa"}]')
    response = admin_client.post(f"/admin/catalog/procedure/{catalogue.pk}/change/", data)
    assert response.status_code == 200
    assert "Quy tắc 1: cấp «xa» không hợp lệ." in response.content.decode()
    assert Procedure.objects.get(pk=catalogue.pk).agency_rules[0]["level"] == "commune"


def test_case_change_refuses_steps_that_do_not_add_up(admin_client, catalogue):
    case = catalogue.cases.get()
    steps = [("Tiếp nhận", "one_stop_officer", "4"), ("Thẩm định", "specialist", "12")]
    response = admin_client.post(f"/admin/catalog/procedurecase/{case.pk}/change/", _case_post(case, steps))
    assert response.status_code == 200
    assert "Tổng thời gian các bước (16 giờ) phải bằng thời hạn 3 ngày làm việc × 8 giờ = 24 giờ." in (
        response.content.decode()
    )
    assert case.steps.count() == 4


def test_case_change_with_a_new_limit_and_process_in_one_save(admin_client, admin_user, catalogue):
    case = catalogue.cases.get()
    steps = [
        ("Tiếp nhận", "one_stop_officer", "4"),
        ("Thẩm định", "specialist", "28"),
        ("Ký", "agency_head", "8"),
    ]
    upload = SimpleUploadedFile("to-khai.pdf", b"%PDF mau")
    data = _case_post(case, steps, time_limit_amount=5, **{"components-0-blank_form": upload})
    data["steps-3-DELETE"] = "on"

    response = admin_client.post(f"/admin/catalog/procedurecase/{case.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.time_limit_label == "5 ngày làm việc"
    assert list(case.steps.values_list("name", "hours")) == [("Tiếp nhận", 4), ("Thẩm định", 28), ("Ký", 8)]
    component = case.components.get()
    assert component.blank_form.name.endswith("/to-khai.pdf")
    actions = list(AuditRecord.objects.filter(actor=admin_user).values_list("action", flat=True))
    assert actions == ["catalog.case_update", "catalog.component_update"]


def test_case_added_from_the_case_admin(admin_client, catalogue):
    data = {
        "procedure": catalogue.pk,
        "position": 2,
        "code": "02",
        "name": "Cần xác minh",
        "time_limit_amount": 2,
        "time_limit_unit": "working_days",
        "form_schema": "{}",
        "is_active": "on",
        **_management("components", 1, 0),
        "components-0-position": 1,
        "components-0-code": "TK",
        "components-0-name": "Tờ khai",
        "components-0-originals": 1,
        "components-0-copies": 0,
        "components-0-is_mandatory": "on",
        **_management("steps", 2, 0),
        "steps-0-position": 1,
        "steps-0-name": "Tiếp nhận",
        "steps-0-role": "one_stop_officer",
        "steps-0-hours": "2",
        "steps-1-position": 2,
        "steps-1-name": "Xác minh và giải quyết",
        "steps-1-role": "specialist",
        "steps-1-hours": "14",
    }
    response = admin_client.post("/admin/catalog/procedurecase/add/", data)
    assert response.status_code == 302
    case = ProcedureCase.objects.get(procedure=catalogue, code="02")
    assert response["Location"] == "/admin/catalog/procedurecase/"
    assert (
        AuditRecord.objects.get(action="catalog.case_create", object_id=str(case.pk)).actor_label == "admin"
    )
    assert list(case.steps.values_list("position", "hours")) == [(1, 2), (2, 14)]
    assert list(case.components.values_list("code", flat=True)) == ["TK"]
