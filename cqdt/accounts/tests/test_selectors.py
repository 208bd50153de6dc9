import datetime as dt

import pytest

from cqdt.accounts.models import StaffRole
from cqdt.accounts.selectors import staff_of_unit, staff_users_of_unit, user_assignments
from cqdt.accounts.services import staff_assign
from cqdt.accounts.tests.factories import StaffUserFactory
from cqdt.agencies.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staffed():
    justice = AgencyFactory(name="Sở Tư pháp")
    civil = AgencyFactory(name="Phòng Hành chính tư pháp", parent=justice)
    head = StaffUserFactory(username="giamdoc", full_name="Lăng Văn Hùng")
    chief = StaffUserFactory(username="truongphong", full_name="Chu Thị Ngọc Mai")
    expert = StaffUserFactory(username="chuyenvien", full_name="Hoàng Văn Toàn")
    former = StaffUserFactory(
        username="cu", full_name="Bế Văn Cũ"
    )  # names differ in their first (ASCII) letter: collation-proof order
    staff_assign(
        actor=None, user=head, unit=justice, role=StaffRole.AGENCY_HEAD, position_title="Giám đốc Sở"
    )
    staff_assign(actor=None, user=chief, unit=civil, role=StaffRole.SECTION_HEAD)
    staff_assign(actor=None, user=expert, unit=civil, role=StaffRole.SPECIALIST)
    staff_assign(actor=None, user=chief, unit=civil, role=StaffRole.SPECIALIST)
    staff_assign(actor=None, user=former, unit=civil, role=StaffRole.SPECIALIST, valid_to=dt.date(2020, 1, 1))
    return justice, civil


def test_staff_of_unit(staffed, django_assert_num_queries):
    justice, civil = staffed
    with django_assert_num_queries(1):
        rows = [(a.user.username, a.unit.name, a.role) for a in staff_of_unit(unit=civil)]
    assert rows == [
        ("truongphong", "Phòng Hành chính tư pháp", "section_head"),
        ("truongphong", "Phòng Hành chính tư pháp", "specialist"),
        ("chuyenvien", "Phòng Hành chính tư pháp", "specialist"),
    ]
    specialists = staff_of_unit(unit=civil, role=StaffRole.SPECIALIST, active_only=False)
    assert [a.user.username for a in specialists] == ["cu", "truongphong", "chuyenvien"]
    assert [a.user.username for a in staff_of_unit(unit=justice)] == ["giamdoc"]
    assert [a.user.username for a in staff_of_unit(unit=justice, include_subtree=True)] == [
        "giamdoc",
        "truongphong",
        "truongphong",
        "chuyenvien",
    ]


def test_staff_users_of_unit(staffed):
    _, civil = staffed
    assert [u.username for u in staff_users_of_unit(unit=civil)] == ["truongphong", "chuyenvien"]
    assert [u.username for u in staff_users_of_unit(unit=civil, role=StaffRole.SECTION_HEAD)] == [
        "truongphong"
    ]


def test_user_assignments(staffed, django_assert_num_queries, django_user_model):
    chief = django_user_model.objects.get(username="truongphong")
    with django_assert_num_queries(1):
        rows = [(a.unit.name, a.role) for a in user_assignments(user=chief)]
    assert sorted(rows) == [
        ("Phòng Hành chính tư pháp", "section_head"),
        ("Phòng Hành chính tư pháp", "specialist"),
    ]
    former = django_user_model.objects.get(username="cu")
    assert list(user_assignments(user=former)) == []
    assert [a.role for a in user_assignments(user=former, active_only=False)] == ["specialist"]
