"""Agency and administrative-unit services: validation, search text, closing, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cqdt.agencies.models import AdministrativeUnit, Agency, AgencyKind, GovernmentLevel
from cqdt.agencies.services import (
    administrative_unit_close,
    administrative_unit_create,
    administrative_unit_update,
    agency_close,
    agency_create,
    agency_update,
)
from cqdt.agencies.tests.factories import AdministrativeUnitFactory, AgencyFactory
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_create_builds_folded_search_text_from_names_and_codes():
    unit = AdministrativeUnitFactory(statistical_code="20", name="Tỉnh Lạng Sơn", kind="province")
    agency = agency_create(
        actor=None,
        name="  Sở Tư pháp ",
        short_name="STP",
        level=GovernmentLevel.PROVINCE,
        kind=AgencyKind.DEPARTMENT,
        identifier_code="000.00.03.H99",
        internal_code="LS.STP",
        administrative_unit=unit,
    )
    assert agency.name == "Sở Tư pháp"
    assert agency.search_text == "so tu phap stp 000.00.03.h99 ls.stp 20"
    assert Agency.objects.get(pk=agency.pk).search_text == agency.search_text


def test_create_reports_every_invalid_field_in_vietnamese():
    AgencyFactory(identifier_code="000.00.01.H99", internal_code="A1")
    with pytest.raises(ValidationError) as caught:
        agency_create(
            actor=None,
            name="",
            level="county",
            identifier_code="000.00.01.H99",
            internal_code="A1",
            email="không-phải-email",
            valid_from=dt.date(2025, 7, 1),
            valid_to=dt.date(2025, 6, 30),
        )
    assert caught.value.message_dict == {
        "name": ["Trường này không được để trắng."],
        "level": ["Giá trị 'county' không phải là lựa chọn hợp lệ."],
        "email": ["Nhập địa chỉ email."],
        "identifier_code": ["Mã định danh “000.00.01.H99” đã được dùng cho cơ quan khác."],
        "internal_code": ["Mã nội bộ “A1” đã được dùng cho cơ quan khác."],
        "valid_to": ["Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."],
    }
    assert Agency.objects.count() == 1


def test_malformed_identifier_code_is_refused():
    with pytest.raises(ValidationError) as caught:
        agency_create(actor=None, name="X", level="province", identifier_code="H99.00.00.000")
    assert caught.value.message_dict == {
        "identifier_code": [
            "Mã định danh “H99.00.00.000” không đúng định dạng XXX.YY.ZZ.Lnn (ví dụ 000.00.01.H41)."
        ]
    }


def test_update_changes_only_given_fields_and_audits_before_and_after():
    agency = AgencyFactory(name="Sở Kế hoạch và Đầu tư", short_name="SKHĐT")
    updated = agency_update(
        actor=None,
        agency=agency,
        changes={"name": "Sở Tài chính", "short_name": "STC"},
        reason="Hợp nhất 2025",
    )
    assert (updated.name, updated.short_name, updated.search_text) == (
        "Sở Tài chính",
        "STC",
        "so tai chinh stc",
    )
    record = AuditRecord.objects.get(action="agency.update")
    assert record.before == {"name": "Sở Kế hoạch và Đầu tư", "short_name": "SKHĐT"}
    assert record.after == {"name": "Sở Tài chính", "short_name": "STC"}
    assert record.reason == "Hợp nhất 2025"


def test_update_without_a_difference_writes_nothing():
    agency = AgencyFactory(name="Sở Y tế")
    before = Agency.objects.get(pk=agency.pk).updated_at
    result = agency_update(actor=None, agency=agency, changes={"name": "Sở Y tế"})
    assert result.updated_at == before
    assert not AuditRecord.objects.filter(action="agency.update").exists()


def test_update_refuses_the_parent_field():
    agency = AgencyFactory()
    with pytest.raises(TypeError):
        agency_update(actor=None, agency=agency, changes={"parent": None})  # type: ignore[typeddict-unknown-key]


def test_replaced_by_needs_an_end_date():
    successor = AgencyFactory()
    agency = AgencyFactory()
    with pytest.raises(ValidationError) as caught:
        agency_update(actor=None, agency=agency, changes={"replaced_by": successor})
    assert caught.value.message_dict == {
        "replaced_by": ["Chỉ cơ quan đã ngừng hoạt động (có ngày ngừng hoạt động) mới có cơ quan thay thế."]
    }


def test_close_stops_the_agency_and_every_active_unit_below_it():
    province = AgencyFactory(name="UBND tỉnh")
    district = AgencyFactory(name="UBND huyện", parent=province, level=GovernmentLevel.DISTRICT)
    office = AgencyFactory(name="Phòng Tư pháp huyện", parent=district, level=GovernmentLevel.DISTRICT)
    closed_before = AgencyFactory(
        name="Phòng cũ", parent=district, level=GovernmentLevel.DISTRICT, valid_to=dt.date(2020, 12, 31)
    )
    ward = AgencyFactory(name="UBND phường", parent=province, level=GovernmentLevel.COMMUNE)
    agency_close(
        actor=None, agency=district, valid_to=dt.date(2025, 6, 30), replaced_by=ward, reason="Sắp xếp ĐVHC"
    )
    district.refresh_from_db()
    office.refresh_from_db()
    closed_before.refresh_from_db()
    assert (district.valid_to, district.replaced_by_id, district.is_active) == (
        dt.date(2025, 6, 30),
        ward.pk,
        False,
    )
    assert (office.valid_to, office.replaced_by_id) == (dt.date(2025, 6, 30), None)
    assert closed_before.valid_to == dt.date(2020, 12, 31)
    assert Agency.objects.get(pk=province.pk).valid_to is None
    records = AuditRecord.objects.filter(action="agency.close").order_by("id")
    assert [(r.object_id, r.reason) for r in records] == [
        (str(district.pk), "Sắp xếp ĐVHC"),
        (str(office.pk), "Cơ quan cấp trên “UBND huyện” ngừng hoạt động. Sắp xếp ĐVHC"),
    ]
    assert records[0].after == {"valid_to": "2025-06-30", "replaced_by": ward.pk}


def test_close_refuses_twice_and_bad_successors():
    agency = AgencyFactory(name="A", valid_from=dt.date(2020, 1, 1))
    child = AgencyFactory(name="Con", parent=agency)
    with pytest.raises(ValidationError) as caught:
        agency_close(actor=None, agency=agency, valid_to=dt.date(2019, 12, 31), replaced_by=child)
    assert caught.value.message_dict == {
        "valid_to": ["Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."],
        "replaced_by": ["Cơ quan thay thế không thể là chính cơ quan này hoặc đơn vị trực thuộc nó."],
    }
    agency_close(actor=None, agency=agency, valid_to=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError) as caught:
        agency_close(actor=None, agency=agency, valid_to=dt.date(2025, 7, 30))
    assert caught.value.message_dict == {
        "valid_to": ["Cơ quan, đơn vị này đã ngừng hoạt động (hoạt động đến ngày 30/06/2025)."]
    }


def test_administrative_unit_versions_may_share_a_code_but_not_overlap():
    old = administrative_unit_create(
        actor=None,
        statistical_code="06190",
        name="Phường Tam Thanh",
        kind="ward",
        valid_to=dt.date(2025, 6, 30),
    )
    new = administrative_unit_create(
        actor=None,
        statistical_code="06190",
        name="Phường Tam Thanh",
        kind="ward",
        valid_from=dt.date(2025, 7, 1),
    )
    assert AdministrativeUnit.objects.filter(statistical_code="06190").count() == 2
    assert new.search_text == "phuong tam thanh 06190"
    with pytest.raises(ValidationError) as caught:
        administrative_unit_create(
            actor=None, statistical_code="06190", name="Trùng", kind="ward", valid_from=dt.date(2025, 1, 1)
        )
    assert caught.value.message_dict == {
        "statistical_code": [
            "Mã thống kê “06190” đã được dùng cho đơn vị hành chính khác trong thời gian hiệu lực trùng lặp."
        ]
    }
    assert old.pk != new.pk


def test_administrative_unit_code_must_be_digits():
    with pytest.raises(ValidationError) as caught:
        administrative_unit_create(actor=None, statistical_code="LS", name="Tỉnh", kind="province")
    assert caught.value.message_dict == {"statistical_code": ["Mã thống kê “LS” phải gồm 2–10 chữ số."]}


def test_administrative_unit_update_and_close():
    province = AdministrativeUnitFactory(statistical_code="20", name="Tỉnh Lạng Sơn", kind="province")
    district = AdministrativeUnitFactory(
        statistical_code="990", name="Thành phố", kind="district", parent=province
    )
    ward = AdministrativeUnitFactory(statistical_code="99001", name="Phường A", kind="ward", parent=province)
    renamed = administrative_unit_update(actor=None, unit=district, changes={"name": "Thành phố Lạng Sơn"})
    assert renamed.search_text == "thanh pho lang son 990"
    closed = administrative_unit_close(
        actor=None, unit=district, valid_to=dt.date(2025, 6, 30), replaced_by=ward
    )
    assert (closed.valid_to, closed.replaced_by_id) == (dt.date(2025, 6, 30), ward.pk)
    assert list(AuditRecord.objects.filter(object_id=str(district.pk)).values_list("action", flat=True)) == [
        "administrative_unit.create",
        "administrative_unit.update",
        "administrative_unit.close",
    ]
    with pytest.raises(ValidationError):
        administrative_unit_update(actor=None, unit=province, changes={"parent": district})
    with pytest.raises(ValidationError) as caught:
        administrative_unit_close(actor=None, unit=district, valid_to=dt.date(2025, 7, 1))
    assert caught.value.message_dict == {
        "valid_to": ["Đơn vị hành chính này đã hết hiệu lực (hiệu lực đến ngày 30/06/2025)."]
    }


def test_changing_a_statistical_code_refreshes_the_agencies_search_text():
    unit = AdministrativeUnitFactory(statistical_code="99001", name="Phường Tam Thanh", kind="ward")
    agency = AgencyFactory(name="UBND phường Tam Thanh", administrative_unit=unit)
    assert agency.search_text == "ubnd phuong tam thanh 99001"
    administrative_unit_update(actor=None, unit=unit, changes={"statistical_code": "06190"})
    assert Agency.objects.get(pk=agency.pk).search_text == "ubnd phuong tam thanh 06190"
