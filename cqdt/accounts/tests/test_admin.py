"""Role assignments made in the admin go through the services (validation, audit)."""

import pytest

from cqdt.accounts.models import StaffAssignment, StaffRole
from cqdt.accounts.services import staff_assign
from cqdt.accounts.tests.factories import StaffUserFactory
from cqdt.agencies.tests.factories import AgencyFactory
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = StaffUserFactory(username="quantri", is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def _user_form(user, rows, initial=0):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "kind": user.kind,
        "full_name": user.full_name,
        "phone": "",
        "identity_number": "",
        "assignments-TOTAL_FORMS": str(len(rows)),
        "assignments-INITIAL_FORMS": str(initial),
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"assignments-{index}-{key}"] = value
    return data


def test_user_admin_shows_staff_fields_and_saves_inline_roles_through_services(admin_client):
    user = StaffUserFactory(username="chuyenvien", full_name="Hoàng Văn Toàn")
    unit = AgencyFactory(name="Phòng Hành chính tư pháp", identifier_code="000.02.03.H99")
    url = f"/admin/accounts/user/{user.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Thông tin cán bộ, công dân" in page.content.decode()
    row = {
        "unit": unit.pk,
        "role": "specialist",
        "position_title": "Chuyên viên",
        "valid_from": "",
        "valid_to": "",
    }
    response = admin_client.post(url, _user_form(user, [row]))
    assert response.status_code == 302
    assignment = StaffAssignment.objects.get(user=user)
    assert (assignment.unit_id, assignment.role, assignment.position_title) == (
        unit.pk,
        "specialist",
        "Chuyên viên",
    )
    record = AuditRecord.objects.get(action="staff.assign")
    assert (record.actor_id, record.agency_code) == (admin_client.admin.pk, "000.02.03.H99")
    row.update(id=assignment.pk, DELETE="on")
    response = admin_client.post(url, _user_form(user, [row], initial=1))
    assert response.status_code == 302
    assert not StaffAssignment.objects.exists()
    assert AuditRecord.objects.filter(action="staff.unassign", actor=admin_client.admin).count() == 1


def test_assignment_admin_changing_the_role_is_unassign_plus_assign(admin_client):
    user = StaffUserFactory()
    unit = AgencyFactory()
    assignment = staff_assign(actor=None, user=user, unit=unit, role=StaffRole.SPECIALIST)
    response = admin_client.post(
        f"/admin/accounts/staffassignment/{assignment.pk}/change/",
        {"user": user.pk, "unit": unit.pk, "role": "section_head", "position_title": "Trưởng phòng"},
    )
    assert response.status_code == 302
    assert list(StaffAssignment.objects.values_list("role", "position_title")) == [
        ("section_head", "Trưởng phòng")
    ]
    assert list(
        AuditRecord.objects.filter(actor=admin_client.admin).order_by("id").values_list("action", flat=True)
    ) == ["staff.unassign", "staff.assign"]
    current = StaffAssignment.objects.get()
    response = admin_client.post(f"/admin/accounts/staffassignment/{current.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not StaffAssignment.objects.exists()
