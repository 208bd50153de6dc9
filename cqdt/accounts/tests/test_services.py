"""Creating staff accounts and assigning roles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cqdt.accounts.models import StaffAssignment, StaffRole, User, UserKind
from cqdt.accounts.services import staff_assign, staff_unassign, staff_user_create
from cqdt.accounts.tests.factories import PASSWORD, StaffUserFactory
from cqdt.agencies.services import agency_close
from cqdt.agencies.tests.factories import AgencyFactory
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def test_staff_user_create():
    admin = StaffUserFactory(username="quantri", is_staff=True)
    user = staff_user_create(
        actor=admin,
        username=" motcua ",
        full_name="Hoàng Thị Thu Hà",
        email="MotCua@Demo.CQDT.invalid",
        password=PASSWORD,
        phone="0912345678",
    )
    stored = User.objects.get(username="motcua")
    assert (stored.full_name, stored.kind, stored.is_staff, stored.is_superuser) == (
        "Hoàng Thị Thu Hà",
        UserKind.STAFF,
        False,
        False,
    )
    assert stored.email == "MotCua@demo.cqdt.invalid"
    assert stored.check_password(PASSWORD)
    record = AuditRecord.objects.get(action="user.create_staff", object_id=str(user.pk))
    assert record.actor_id == admin.pk
    assert record.after == {
        "username": "motcua",
        "full_name": "Hoàng Thị Thu Hà",
        "kind": "staff",
        "is_staff": False,
        "is_superuser": False,
    }


def test_superuser_implies_staff():
    user = StaffUserFactory(username="admin", is_superuser=True)
    assert (user.is_staff, user.is_superuser) == (True, True)


def test_staff_user_create_validates_in_vietnamese():
    StaffUserFactory(username="motcua")
    with pytest.raises(ValidationError) as caught:
        staff_user_create(actor=None, username="MOTCUA", full_name="", email="x", password="12345678")
    errors = caught.value.message_dict
    assert errors["username"] == ["Tên đăng nhập “MOTCUA” đã được sử dụng."]
    assert errors["full_name"] == ["Cần nhập họ và tên cán bộ."]
    assert errors["email"] == ["Nhập địa chỉ email."]
    assert len(errors["password"]) == 3  # too short, too common, entirely numeric
    assert User.objects.count() == 1


def test_assign_then_update_then_unassign():
    user = StaffUserFactory()
    unit = AgencyFactory(name="Sở Tư pháp", identifier_code="000.00.03.H99")
    assignment = staff_assign(
        actor=None, user=user, unit=unit, role=StaffRole.SPECIALIST, position_title="Chuyên viên"
    )
    assert (assignment.role, assignment.position_title) == ("specialist", "Chuyên viên")
    same = staff_assign(
        actor=None, user=user, unit=unit, role=StaffRole.SPECIALIST, position_title="Chuyên viên"
    )
    assert same.pk == assignment.pk
    staff_assign(
        actor=None,
        user=user,
        unit=unit,
        role=StaffRole.SPECIALIST,
        position_title="Chuyên viên chính",
        valid_from=dt.date(2026, 1, 1),
    )
    assert StaffAssignment.objects.get().position_title == "Chuyên viên chính"
    assert (
        staff_unassign(actor=None, user=user, unit=unit, role=StaffRole.SPECIALIST, reason="Nghỉ hưu") is True
    )
    assert staff_unassign(actor=None, user=user, unit=unit, role=StaffRole.SPECIALIST) is False
    assert not StaffAssignment.objects.exists()
    records = AuditRecord.objects.filter(action__startswith="staff.").order_by("id")
    assert [(r.action, r.agency_code) for r in records] == [
        ("staff.assign", "000.00.03.H99"),
        ("staff.assignment_update", "000.00.03.H99"),
        ("staff.unassign", "000.00.03.H99"),
    ]
    assert records[1].before == {
        "user": user.pk,
        "unit": unit.pk,
        "role": "specialist",
        "position_title": "Chuyên viên",
        "valid_from": None,
        "valid_to": None,
    }
    assert records[1].after == {
        **records[1].before,
        "position_title": "Chuyên viên chính",
        "valid_from": "2026-01-01",
    }
    assert records[2].reason == "Nghỉ hưu"


def test_assignment_rules():
    citizen = User.objects.create(username="congdan", kind=UserKind.CITIZEN)
    unit = AgencyFactory(name="UBND huyện")
    agency_close(actor=None, agency=unit, valid_to=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError) as caught:
        staff_assign(
            actor=None,
            user=citizen,
            unit=unit,
            role="tea_maker",
            valid_from=dt.date(2026, 2, 1),
            valid_to=dt.date(2026, 1, 1),
        )
    assert caught.value.message_dict == {
        "role": ["Vai trò “tea_maker” không hợp lệ."],
        "user": ["Chỉ tài khoản cán bộ, công chức mới được phân công vai trò."],
        "unit": ["Đơn vị “UBND huyện” đã ngừng hoạt động."],
        "valid_to": ["Ngày kết thúc phải trùng hoặc sau ngày bắt đầu."],
    }
    assert not StaffAssignment.objects.exists()
