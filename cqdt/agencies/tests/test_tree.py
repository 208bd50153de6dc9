"""The agency tree: paths, subtrees, ancestors, moves and cycles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cqdt.agencies.models import Agency
from cqdt.agencies.selectors import agency_ancestors, agency_children, agency_subtree
from cqdt.agencies.services import agency_close, agency_create, agency_move
from cqdt.agencies.tests.factories import AgencyFactory
from cqdt.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """province ─┬─ dept ─┬─ office ── team
    │        └─ office2
    └─ commune ── centre"""
    province = AgencyFactory(name="UBND tỉnh")
    dept = AgencyFactory(name="Sở", parent=province)
    office = AgencyFactory(name="Phòng 1", parent=dept)
    team = AgencyFactory(name="Tổ", parent=office)
    office2 = AgencyFactory(name="Phòng 2", parent=dept)
    commune = AgencyFactory(name="UBND xã", parent=province)
    centre = AgencyFactory(name="Trung tâm", parent=commune)
    return {a.name: a for a in (province, dept, office, team, office2, commune, centre)}


def _names(queryset):
    return [agency.name for agency in queryset]


def test_create_sets_materialised_path_and_depth(tree):
    province, dept, team = tree["UBND tỉnh"], tree["Sở"], tree["Tổ"]
    assert province.path == f"/{province.pk}/"
    assert province.depth == 0
    assert dept.path == f"/{province.pk}/{dept.pk}/"
    assert dept.depth == 1
    assert team.path == f"{tree['Phòng 1'].path}{team.pk}/"
    assert team.depth == 3
    stored = Agency.objects.get(pk=team.pk)
    assert (stored.path, stored.depth) == (team.path, 3)


def test_create_writes_an_audit_row(tree):
    record = AuditRecord.objects.get(action="agency.create", object_id=str(tree["Sở"].pk))
    assert record.object_type == "agencies.Agency"
    assert record.actor is None
    assert record.actor_label == "hệ thống"
    assert record.after == {
        "parent": tree["UBND tỉnh"].pk,
        "name": "Sở",
        "short_name": "",
        "kind": "unit",
        "level": "province",
        "identifier_code": "",
        "is_demo_code": False,
        "internal_code": "",
        "administrative_unit": None,
        "valid_from": None,
        "valid_to": None,
        "replaced_by": None,
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
    }


def test_subtree_is_exact_and_in_tree_order(tree):
    # Siblings follow their keys as text ("/9/" after "/10/"), so compare with the order of the paths.
    in_path_order = [a.name for a in sorted(tree.values(), key=lambda a: a.path)]
    assert _names(agency_subtree(tree["Sở"])) == [
        n for n in in_path_order if n in {"Sở", "Phòng 1", "Tổ", "Phòng 2"}
    ]
    assert _names(agency_subtree(tree["Sở"], include_self=False)) == [
        n for n in in_path_order if n in {"Phòng 1", "Tổ", "Phòng 2"}
    ]
    subtree = _names(agency_subtree(tree["Sở"]))
    assert subtree[0] == "Sở"
    assert subtree.index("Tổ") == subtree.index("Phòng 1") + 1
    assert set(_names(agency_subtree(tree["UBND tỉnh"]))) == set(tree)
    assert _names(agency_subtree(tree["Tổ"], include_self=False)) == []


def test_subtree_is_one_query(tree, django_assert_num_queries):
    dept = tree["Sở"]
    with django_assert_num_queries(1):
        assert len(list(agency_subtree(dept))) == 4


def test_subtree_prefix_does_not_match_sibling_with_longer_key():
    """'/1/' must not match '/12/': the trailing slash is part of the prefix."""
    agencies = [AgencyFactory(name=f"Gốc {n}") for n in range(12)]
    first = agencies[0]
    child = AgencyFactory(name="Con", parent=first)
    lookalikes = [a for a in agencies if str(a.pk).startswith(str(first.pk)) and a.pk != first.pk]
    assert _names(agency_subtree(first)) == [first.name, "Con"]
    assert child.path.startswith(first.path)
    assert all(not a.path.startswith(first.path) for a in lookalikes)


def test_ancestors_from_root_down(tree, django_assert_num_queries):
    team = tree["Tổ"]
    with django_assert_num_queries(1):
        assert _names(agency_ancestors(team)) == ["UBND tỉnh", "Sở", "Phòng 1"]
    assert _names(agency_ancestors(team, include_self=True)) == ["UBND tỉnh", "Sở", "Phòng 1", "Tổ"]
    assert _names(agency_ancestors(tree["UBND tỉnh"])) == []


def test_children(tree):
    assert _names(agency_children(agency=tree["Sở"]).order_by("name")) == ["Phòng 1", "Phòng 2"]


def test_move_rewrites_paths_and_depths_of_the_whole_subtree(tree):
    office, commune, team = tree["Phòng 1"], tree["UBND xã"], tree["Tổ"]
    moved = agency_move(actor=None, agency=office, parent=commune)
    assert moved.parent_id == commune.pk
    assert moved.path == f"{commune.path}{office.pk}/"
    assert moved.depth == 2
    team.refresh_from_db()
    assert team.path == f"{commune.path}{office.pk}/{team.pk}/"
    assert team.depth == 3
    assert _names(agency_subtree(tree["Sở"])) == ["Sở", "Phòng 2"]  # parent first
    assert set(_names(agency_subtree(commune))) == {"UBND xã", "Trung tâm", "Phòng 1", "Tổ"}
    untouched = Agency.objects.get(pk=tree["Phòng 2"].pk)
    assert untouched.path == tree["Phòng 2"].path
    record = AuditRecord.objects.get(action="agency.move")
    assert record.before == {"parent": tree["Sở"].pk, "path": office.path}
    assert record.after == {"parent": commune.pk, "path": moved.path}


def test_move_to_the_root_and_back_up(tree):
    office, team = tree["Phòng 1"], tree["Tổ"]
    moved = agency_move(actor=None, agency=office, parent=None)
    assert (moved.path, moved.depth, moved.parent_id) == (f"/{office.pk}/", 0, None)
    team.refresh_from_db()
    assert (team.path, team.depth) == (f"/{office.pk}/{team.pk}/", 1)


def test_move_to_the_same_parent_changes_nothing(tree):
    office = tree["Phòng 1"]
    agency_move(actor=None, agency=office, parent=tree["Sở"])
    assert not AuditRecord.objects.filter(action="agency.move").exists()


@pytest.mark.parametrize("target", ["Phòng 1", "Tổ"])
def test_move_into_itself_or_its_subtree_is_refused(tree, target):
    office = tree["Phòng 1"]
    with pytest.raises(ValidationError) as caught:
        agency_move(actor=None, agency=office, parent=tree[target])
    assert caught.value.message_dict == {
        "parent": ["Không thể đặt cơ quan, đơn vị trực thuộc chính nó hoặc một đơn vị cấp dưới của nó."]
    }
    assert Agency.objects.get(pk=office.pk).path == office.path
    assert Agency.objects.get(pk=tree["Tổ"].pk).path == tree["Tổ"].path


def test_active_unit_cannot_go_under_a_closed_agency(tree):
    agency_close(actor=None, agency=tree["UBND xã"], valid_to=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError) as caught:
        agency_move(actor=None, agency=tree["Phòng 2"], parent=tree["UBND xã"])
    assert caught.value.message_dict == {
        "parent": [
            "Cơ quan cấp trên “UBND xã” đã ngừng hoạt động; "
            "không thể đặt đơn vị đang hoạt động trực thuộc cơ quan này."
        ]
    }
    with pytest.raises(ValidationError):
        agency_create(actor=None, name="Mới", level="commune", parent=tree["UBND xã"])
