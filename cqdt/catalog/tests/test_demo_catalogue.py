import json

import pytest

from cqdt.agencies.models import Agency
from cqdt.catalog.forms import FormError
from cqdt.catalog.models import Procedure, ProcedureCase
from cqdt.catalog.selectors import catalog_export
from cqdt.catalog.services import case_validate_form_data
from cqdt.core.models import AuditRecord
from cqdt.demo.procedures import DATA_FILE, seed_procedures
from cqdt.demo.province import seed_lang_son_directory

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue():
    """One test, because seeding takes seconds: each helper below checks one property of the seeded data."""
    seed_lang_son_directory()
    _loads_at_least_30_procedures_and_is_idempotent(seed_procedures())
    _every_procedure_is_complete_and_says_what_is_uncertain()
    _procedures_are_linked_to_the_demo_directory()
    _fees_and_time_limits()
    _the_birth_registration_e_form_validates_submissions()


def _loads_at_least_30_procedures_and_is_idempotent(seeded):
    assert seeded == Procedure.objects.count() == 31
    audit_rows = AuditRecord.objects.count()

    assert seed_procedures() == 31

    assert AuditRecord.objects.count() == audit_rows
    assert catalog_export() == json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _every_procedure_is_complete_and_says_what_is_uncertain():
    for procedure in Procedure.objects.prefetch_related("cases__steps", "levels", "fees"):
        assert procedure.notes.startswith("Mã thủ tục"), procedure.code
        assert procedure.national_code == procedure.code
        assert procedure.levels.exists(), procedure.code
        assert procedure.fees.exists(), procedure.code
        assert procedure.legal_basis, procedure.code
        for case in procedure.cases.all():
            assert case.is_active, (procedure.code, case.code)
            assert case.steps.exists(), (procedure.code, case.code)
            assert case.form_schema, (procedure.code, case.code)


def _procedures_are_linked_to_the_demo_directory():
    communes = set(Agency.objects.filter(level="commune", kind="peoples_committee", valid_to__isnull=True))
    assert len(communes) == 15
    assert set(Procedure.objects.get(code="1.001193").agencies.all()) == communes
    registration = Procedure.objects.get(code="2.001610")
    assert [agency.name for agency in registration.agencies.all()] == ["Phòng Đăng ký kinh doanh"]
    first_registration = Procedure.objects.get(code="1.012756").agencies.all()
    assert {agency.name for agency in first_registration} - {agency.name for agency in communes} == {
        "Văn phòng Đăng ký đất đai"
    }


def _fees_and_time_limits():
    copies = Procedure.objects.get(code="2.000815")
    assert list(copies.fees.values_list("kind", "amount")) == [("fee", 2000), ("fee", 1000)]
    marriage = {
        case.code: case.time_limit_label for case in ProcedureCase.objects.filter(procedure__code="1.000894")
    }
    assert marriage == {"01": "4 giờ làm việc", "02": "5 ngày làm việc"}
    permit = ProcedureCase.objects.get(procedure__code="1.009994")
    assert permit.time_limit_label == "15 ngày"
    assert sum(step.hours for step in permit.steps.all()) == 120


def _the_birth_registration_e_form_validates_submissions():
    case = ProcedureCase.objects.get(procedure__code="1.001193", code="01")
    submission = {
        "nguoi_yeu_cau": {
            "ho_ten": "Hoàng Văn Minh",
            "so_dinh_danh": "020090001234",
            "noi_cu_tru": "Phường Tam Thanh, tỉnh Lạng Sơn",
            "so_dien_thoai": "0912345678",
            "quan_he": "cha",
        },
        "nguoi_duoc_khai_sinh": {
            "ho_ten": "Hoàng Minh An",
            "gioi_tinh": "nam",
            "ngay_sinh": "2026-03-02",
            "noi_sinh": "Bệnh viện Đa khoa tỉnh Lạng Sơn",
            "dan_toc": "Tày",
            "quoc_tich": "Việt Nam",
        },
        "me": {
            "ho_ten": "Lộc Thị Hoa",
            "nam_sinh": 1996,
            "dan_toc": "Nùng",
            "quoc_tich": "Việt Nam",
            "noi_cu_tru": "Phường Tam Thanh, tỉnh Lạng Sơn",
        },
        "so_ban_sao": 2,
    }
    assert case_validate_form_data(case, submission) == []

    submission["nguoi_duoc_khai_sinh"]["gioi_tinh"] = "khac"
    submission["so_ban_sao"] = 25
    assert case_validate_form_data(case, submission) == [
        FormError(
            "nguoi_duoc_khai_sinh.gioi_tinh",
            "«Người được khai sinh › Giới tính» phải là một trong các giá trị: Nam, Nữ.",
        ),
        FormError("so_ban_sao", "«Số bản sao Trích lục khai sinh đề nghị cấp» phải nhỏ hơn hoặc bằng 20."),
    ]
