"""The public directory API at /api/v1/agencies/ (read-only, no login)."""

import datetime as dt
import uuid

import pytest

from cqdt.agencies.services import agency_close
from cqdt.agencies.tests.factories import AdministrativeUnitFactory, AgencyFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/agencies/"


@pytest.fixture
def directory():
    unit = AdministrativeUnitFactory(statistical_code="20", name="Tỉnh Lạng Sơn", kind="province")
    province = AgencyFactory(
        name="Ủy ban nhân dân tỉnh Lạng Sơn",
        short_name="UBND tỉnh",
        identifier_code="000.00.00.H99",
        kind="peoples_committee",
        is_demo_code=True,
        administrative_unit=unit,
    )
    justice = AgencyFactory(
        name="Sở Tư pháp", identifier_code="000.00.03.H99", kind="department", parent=province
    )
    office = AgencyFactory(name="Phòng Hành chính tư pháp", identifier_code="000.02.03.H99", parent=justice)
    health = AgencyFactory(
        name="Sở Y tế", identifier_code="000.00.10.H99", kind="department", parent=province
    )
    ward = AgencyFactory(
        name="Ủy ban nhân dân phường Tam Thanh",
        identifier_code="000.00.31.H99",
        level="commune",
        kind="peoples_committee",
        parent=province,
    )
    city = AgencyFactory(
        name="UBND thành phố Lạng Sơn", level="district", kind="peoples_committee", parent=province
    )
    agency_close(actor=None, agency=city, valid_to=dt.date(2025, 6, 30), replaced_by=ward)
    return {
        "province": province,
        "justice": justice,
        "office": office,
        "health": health,
        "ward": ward,
        "city": city,
    }


def _names(response):
    return [item["name"] for item in response.json()["items"]]


def test_list_is_public_paginated_and_in_tree_order(client, directory):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    # Tree order: by materialised path, so every agency comes right before its subtree.
    expected = sorted(directory.values(), key=lambda agency: agency.path)
    assert [item["name"] for item in body["items"]] == [agency.name for agency in expected]
    assert body["items"][0]["name"] == "Ủy ban nhân dân tỉnh Lạng Sơn"
    names = [item["name"] for item in body["items"]]
    assert names.index("Phòng Hành chính tư pháp") == names.index("Sở Tư pháp") + 1
    first = body["items"][0]
    assert first == {
        "public_id": str(directory["province"].public_id),
        "identifier_code": "000.00.00.H99",
        "is_demo_code": True,
        "internal_code": "",
        "name": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "short_name": "UBND tỉnh",
        "kind": "peoples_committee",
        "kind_label": "Ủy ban nhân dân",
        "level": "province",
        "level_label": "Cấp tỉnh",
        "depth": 0,
        "parent": None,
        "administrative_unit": {
            "statistical_code": "20",
            "name": "Tỉnh Lạng Sơn",
            "kind": "province",
            "is_demo_code": False,
        },
        "valid_from": None,
        "valid_to": None,
        "is_active": True,
        "replaced_by": None,
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
    }
    city = next(item for item in body["items"] if item["name"] == "UBND thành phố Lạng Sơn")
    assert (city["valid_to"], city["is_active"], city["replaced_by"]["identifier_code"]) == (
        "2025-06-30",
        False,
        "000.00.31.H99",
    )
    assert city["parent"] == {
        "public_id": str(directory["province"].public_id),
        "identifier_code": "000.00.00.H99",
        "name": "Ủy ban nhân dân tỉnh Lạng Sơn",
    }


def test_pages(client, directory):
    response = client.get(URL, {"limit": 2, "offset": 2})
    expected = sorted(directory.values(), key=lambda agency: agency.path)[2:4]
    assert response.json()["count"] == 6
    assert _names(response) == [agency.name for agency in expected]


def test_page_size_is_capped_at_100(client):
    for number in range(101):
        AgencyFactory(name=f"Đơn vị {number:03d}")
    body = client.get(URL, {"limit": 500}).json()
    assert (body["count"], len(body["items"])) == (101, 100)


def test_list_query_count_does_not_grow_with_rows(client, directory, django_assert_num_queries):
    with django_assert_num_queries(2):  # count + one page with parent, unit and successor joined
        assert client.get(URL).status_code == 200
    for number in range(20):
        AgencyFactory(name=f"Phòng {number}", parent=directory["health"])
    with django_assert_num_queries(2):
        assert client.get(URL).json()["count"] == 26


def test_search_ignores_accents_and_case(client, directory):
    assert _names(client.get(URL, {"q": "so tu PHAP"})) == ["Sở Tư pháp"]
    assert _names(client.get(URL, {"q": "tam thanh"})) == ["Ủy ban nhân dân phường Tam Thanh"]
    assert _names(client.get(URL, {"q": "000.00.10"})) == ["Sở Y tế"]
    assert _names(client.get(URL, {"q": "không có"})) == []


def test_filters(client, directory):
    assert sorted(_names(client.get(URL, {"kind": "department"}))) == ["Sở Tư pháp", "Sở Y tế"]
    assert _names(client.get(URL, {"level": "commune"})) == ["Ủy ban nhân dân phường Tam Thanh"]
    assert _names(client.get(URL, {"parent": "000.00.03.H99"})) == ["Phòng Hành chính tư pháp"]
    assert _names(client.get(URL, {"parent": str(directory["justice"].public_id)})) == [
        "Phòng Hành chính tư pháp"
    ]
    assert _names(client.get(URL, {"active": "false"})) == ["UBND thành phố Lạng Sơn"]
    assert len(_names(client.get(URL, {"active": "true"}))) == 5


def test_invalid_filter_is_a_problem_response(client, directory):
    response = client.get(URL, {"level": "county"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Dữ liệu không hợp lệ"
    unknown_parent = client.get(URL, {"parent": "000.00.77.H99"})
    assert unknown_parent.status_code == 404
    assert unknown_parent.json()["detail"] == "Không tìm thấy cơ quan, đơn vị “000.00.77.H99”."


def test_get_by_identifier_code_or_public_id(client, directory, django_assert_num_queries):
    office = directory["office"]
    with django_assert_num_queries(2):  # the agency with its relations, then its ancestors
        by_code = client.get(f"{URL}000.02.03.H99")
    assert by_code.status_code == 200
    body = by_code.json()
    assert (body["name"], body["depth"]) == ("Phòng Hành chính tư pháp", 2)
    assert [ancestor["name"] for ancestor in body["ancestors"]] == [
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        "Sở Tư pháp",
    ]
    by_id = client.get(f"{URL}{office.public_id}")
    assert by_id.json() == body


@pytest.mark.parametrize("reference", ["000.00.99.H99", str(uuid.UUID(int=0)), "không-phải-mã"])
def test_unknown_agency_is_404_problem(client, directory, reference):
    response = client.get(f"{URL}{reference}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == f"Không tìm thấy cơ quan, đơn vị “{reference}”."


def test_children_and_subtree(client, directory, django_assert_num_queries):
    children = [directory[key] for key in ("justice", "health", "ward", "city")]
    assert _names(client.get(f"{URL}000.00.00.H99/children")) == [
        agency.name for agency in sorted(children, key=lambda agency: agency.path)
    ]
    with django_assert_num_queries(3):  # the agency, the count, the page
        response = client.get(f"{URL}000.00.03.H99/subtree")
    assert _names(response) == ["Phòng Hành chính tư pháp"]
    assert response.json()["count"] == 1
    assert client.get(f"{URL}000.00.00.H99/subtree", {"limit": 2}).json()["count"] == 5
    assert client.get(f"{URL}000.00.99.H99/children").status_code == 404


def test_read_only(client, directory):
    assert client.post(URL, {}, content_type="application/json").status_code == 405
    assert client.delete(f"{URL}000.00.03.H99").status_code == 405
