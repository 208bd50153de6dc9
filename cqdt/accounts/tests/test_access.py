"""Role checks by unit, with ancestors and subtrees, as exact querysets."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from cqdt.accounts.access import units_under_user_role, units_where_user_has_role, user_has_role
from cqdt.accounts.models import StaffRole
from cqdt.accounts.services import staff_assign
from cqdt.accounts.tests.factories import StaffUserFactory
from cqdt.agencies.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

HEAD, SPECIALIST, CLERK = StaffRole.AGENCY_HEAD, StaffRole.SPECIALIST, StaffRole.CLERK


@pytest.fixture
def org():
    """province ─┬─ justice ─┬─ civil (phòng HCTP) ── team
    │           └─ notary
    └─ health ── office"""
    province = AgencyFactory(name="UBND tỉnh")
    justice = AgencyFactory(name="Sở Tư pháp", parent=province)
    civil = AgencyFactory(name="Phòng Hành chính tư pháp", parent=justice)
    team = AgencyFactory(name="Tổ hộ tịch", parent=civil)
    notary = AgencyFactory(name="Phòng Bổ trợ tư pháp", parent=justice)
    health = AgencyFactory(name="Sở Y tế", parent=province)
    office = AgencyFactory(name="Văn phòng Sở Y tế", parent=health)
    return {a.name: a for a in (province, justice, civil, team, notary, health, office)}


@pytest.fixture
def director(org):
    user = StaffUserFactory(username="giamdoc")
    staff_assign(actor=None, user=user, unit=org["Sở Tư pháp"], role=HEAD)
    staff_assign(actor=None, user=user, unit=org["Văn phòng Sở Y tế"], role=HEAD)
    staff_assign(actor=None, user=user, unit=org["Phòng Bổ trợ tư pháp"], role=CLERK)
    return user


def _names(queryset):
    return sorted(agency.name for agency in queryset)


def test_user_has_role_in_the_unit_itself(org, director):
    assert user_has_role(user=director, unit=org["Sở Tư pháp"], role=HEAD) is True
    assert user_has_role(user=director, unit=org["Sở Tư pháp"], role=CLERK) is False
    assert user_has_role(user=director, unit=org["Phòng Hành chính tư pháp"], role=HEAD) is False
    assert user_has_role(user=director, unit=org["UBND tỉnh"], role=HEAD) is False


def test_user_has_role_through_an_ancestor(org, director, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert user_has_role(user=director, unit=org["Tổ hộ tịch"], role=HEAD, include_ancestors=True) is True
    assert user_has_role(user=director, unit=org["Sở Y tế"], role=HEAD, include_ancestors=True) is False
    assert user_has_role(user=director, unit=org["UBND tỉnh"], role=HEAD, include_ancestors=True) is False


def test_units_where_user_has_role_is_exact(org, director, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert _names(units_where_user_has_role(user=director, role=HEAD)) == [
            "Sở Tư pháp",
            "Văn phòng Sở Y tế",
        ]
    assert _names(units_where_user_has_role(user=director, role=CLERK)) == ["Phòng Bổ trợ tư pháp"]
    assert _names(units_where_user_has_role(user=director, role=SPECIALIST)) == []


def test_units_under_user_role_includes_each_subtree(org, director, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = _names(units_under_user_role(user=director, role=HEAD))
    assert names == [
        "Phòng Bổ trợ tư pháp",
        "Phòng Hành chính tư pháp",
        "Sở Tư pháp",
        "Tổ hộ tịch",
        "Văn phòng Sở Y tế",
    ]
    assert _names(units_under_user_role(user=director, role=CLERK)) == ["Phòng Bổ trợ tư pháp"]


def test_units_under_user_role_composes_as_a_subquery(org, director):
    """Later apps filter their own tables with it, still in one query."""
    from cqdt.agencies.models import Agency

    visible = Agency.objects.filter(pk__in=units_under_user_role(user=director, role=HEAD).values("pk"))
    assert visible.filter(name__startswith="Phòng").count() == 2


def test_validity_dates_are_respected(org):
    user = StaffUserFactory()
    staff_assign(
        actor=None,
        user=user,
        unit=org["Sở Y tế"],
        role=SPECIALIST,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    health = org["Sở Y tế"]
    assert user_has_role(user=user, unit=health, role=SPECIALIST, on=dt.date(2025, 12, 31)) is False
    assert user_has_role(user=user, unit=health, role=SPECIALIST, on=dt.date(2026, 1, 1)) is True
    assert user_has_role(user=user, unit=health, role=SPECIALIST, on=dt.date(2026, 12, 31)) is True
    assert user_has_role(user=user, unit=health, role=SPECIALIST, on=dt.date(2027, 1, 1)) is False
    assert _names(units_where_user_has_role(user=user, role=SPECIALIST, on=dt.date(2027, 1, 1))) == []
    assert _names(units_under_user_role(user=user, role=SPECIALIST, on=dt.date(2026, 6, 1))) == [
        "Sở Y tế",
        "Văn phòng Sở Y tế",
    ]


def test_anonymous_and_deactivated_users_hold_no_role(org, director):
    assert user_has_role(user=AnonymousUser(), unit=org["Sở Tư pháp"], role=HEAD) is False
    assert user_has_role(user=None, unit=org["Sở Tư pháp"], role=HEAD) is False
    assert list(units_where_user_has_role(user=AnonymousUser(), role=HEAD)) == []
    director.is_active = False
    assert user_has_role(user=director, unit=org["Sở Tư pháp"], role=HEAD) is False
    assert list(units_under_user_role(user=director, role=HEAD)) == []


def test_another_users_roles_do_not_leak(org, director):
    other = StaffUserFactory()
    assert user_has_role(user=other, unit=org["Sở Tư pháp"], role=HEAD, include_ancestors=True) is False
    assert list(units_under_user_role(user=other, role=HEAD)) == []
