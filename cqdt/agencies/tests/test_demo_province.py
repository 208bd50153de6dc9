"""The Lạng Sơn demo: directory through the CSV importer, staff for every role, idempotent seeding."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.test import RequestFactory

from cqdt.accounts.models import StaffAssignment, StaffRole, User
from cqdt.agencies.models import AdministrativeUnit, Agency, AgencyKind, GovernmentLevel
from cqdt.agencies.selectors import agency_subtree
from cqdt.core.models import AuditRecord
from cqdt.demo.province import DEMO_PASSWORD, seed_demo_staff, seed_lang_son_directory

pytestmark = pytest.mark.django_db

ALL_ROLES = set(StaffRole.values)


def _counts():
    return (
        Agency.objects.count(),
        AdministrativeUnit.objects.count(),
        User.objects.count(),
        StaffAssignment.objects.count(),
        AuditRecord.objects.count(),
    )


@pytest.fixture
def seeded():
    seed_lang_son_directory()
    return seed_demo_staff()


def test_seeding_twice_adds_nothing_the_second_time(seeded):
    first = _counts()
    assert first[:4] == (53, 17, 19, 18)
    seed_lang_son_directory()
    again = seed_demo_staff()
    assert _counts() == first
    assert again == seeded


def test_directory_shape(seeded):
    province = Agency.objects.get(internal_code="LS.UBND")
    assert (province.name, province.level, province.kind, province.depth) == (
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        GovernmentLevel.PROVINCE,
        AgencyKind.PEOPLES_COMMITTEE,
        0,
    )
    province_unit = AdministrativeUnit.objects.get(agencies=province)
    assert (province_unit.statistical_code, province_unit.is_demo_code) == ("20", False)
    assert agency_subtree(province).count() == 53
    departments = Agency.objects.filter(parent=province, kind=AgencyKind.DEPARTMENT)
    assert departments.count() == 11
    assert {"Sở Tư pháp", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Y tế"} <= set(
        departments.values_list("name", flat=True)
    )
    centre = Agency.objects.get(internal_code="LS.TTPVHCC")
    assert str(centre.parent) == "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"
    communes = Agency.objects.filter(level=GovernmentLevel.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    assert communes.count() == 15
    for commune in communes:
        assert commune.valid_from == dt.date(2025, 7, 1)
        assert AdministrativeUnit.objects.get(agencies=commune).valid_from == dt.date(2025, 7, 1)
        assert Agency.objects.filter(parent=commune, kind=AgencyKind.SERVICE_CENTRE).count() == 1
    assert not Agency.objects.filter(is_demo_code=False).exists()


def test_closed_district_keeps_its_history(seeded):
    city = Agency.objects.get(internal_code="LS.TPLS")
    assert (city.level, city.valid_to, str(city.replaced_by)) == (
        GovernmentLevel.DISTRICT,
        dt.date(2025, 6, 30),
        "Ủy ban nhân dân phường Tam Thanh",
    )
    city_unit = AdministrativeUnit.objects.get(agencies=city)
    assert (city_unit.name, str(city_unit.replaced_by)) == ("Thành phố Lạng Sơn", "Phường Tam Thanh")
    assert set(agency_subtree(city, include_self=False).values_list("valid_to", flat=True)) == {
        dt.date(2025, 6, 30)
    }


@pytest.mark.parametrize("unit_code", ["LS.TTPVHCC", "LS.STP", "LS.P.TAMTHANH"])
def test_every_role_is_staffed_in_each_demo_agency(seeded, unit_code):
    unit = Agency.objects.get(internal_code=unit_code)
    roles = StaffAssignment.objects.filter(unit__path__startswith=unit.path).values_list("role", flat=True)
    assert sorted(roles) == sorted(ALL_ROLES)


def test_accounts_log_in_and_only_administrators_are_staff(seeded):
    assert len(seeded) == 19
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    for account in seeded:
        user = authenticate(
            RequestFactory().post("/dang-nhap/"), username=account.username, password=DEMO_PASSWORD
        )
        assert user is not None, account.username
        validate_password(DEMO_PASSWORD, user)
    staff_flags = dict(
        StaffAssignment.objects.values_list("user__username", "user__is_staff").order_by("user__username")
    )
    assert {name for name, is_staff in staff_flags.items() if is_staff} == {
        "ttpvhcc.quantri",
        "stp.quantri",
        "tamthanh.quantri",
    }
    first_account = seeded[1]
    assert (first_account.username, first_account.role_label, first_account.unit_name) == (
        "ttpvhcc.motcua",
        "Cán bộ một cửa",
        "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn",
    )
