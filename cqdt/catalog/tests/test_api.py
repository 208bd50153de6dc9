import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.agencies.models import AgencyKind
from cqdt.agencies.services import agency_create
from cqdt.catalog.services import catalog_import
from cqdt.catalog.tests.documents import small_document
from cqdt.catalog.tests.factories import ProcedureFactory, ProcedureFieldFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/procedures/"


@pytest.fixture
def catalogue():
    agency_create(
        actor=None,
        name="Sở Tư pháp",
        level="province",
        kind=AgencyKind.DEPARTMENT,
        identifier_code="000.00.03.H98",
    )
    agency_create(
        actor=None,
        name="Ủy ban nhân dân xã Na Sầm",
        level="commune",
        kind="peoples_committee",
        internal_code="X.NS",
    )
    catalog_import(actor=None, document=small_document())


def test_list_is_public_filtered_and_paginated(client, catalogue):
    response = client.get(URL, {"q": "chung thuc", "limit": 10})
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "code": "2.000815",
                "national_code": "2.000815",
                "name": "Thủ tục chứng thực bản sao từ bản chính",
                "field": {"code": "chung-thuc", "name": "Chứng thực"},
                "levels": ["province", "commune"],
                "online_service": "partial",
                "online_service_label": "Trực tuyến một phần",
            }
        ],
    }
    assert [item["code"] for item in client.get(URL, {"level": "province"}).json()["items"]] == ["2.000815"]
    assert [item["code"] for item in client.get(URL, {"field": "ho-tich"}).json()["items"]] == ["1.004873"]
    assert [item["code"] for item in client.get(URL, {"online_service": "full"}).json()["items"]] == [
        "1.004873"
    ]
    page = client.get(URL, {"limit": 1, "offset": 1}).json()
    assert (page["count"], [item["code"] for item in page["items"]]) == (2, ["2.000815"])


def test_list_rejects_unknown_filter_values(client, catalogue):
    response = client.get(URL, {"level": "huyen"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert (
        response.json()["detail"] == "Tham số level phải là một trong: central, province, district, commune."
    )


def test_list_limit_is_capped_at_100(client):
    field = ProcedureFieldFactory()
    for _ in range(105):
        ProcedureFactory(field=field)
    assert len(client.get(URL, {"limit": 500}).json()["items"]) == 100


def test_list_query_count_does_not_grow_with_the_page(client, django_assert_num_queries):
    field = ProcedureFieldFactory()
    ProcedureFactory(field=field)
    with django_assert_num_queries(3):
        client.get(URL)
    for _ in range(20):
        ProcedureFactory(field=ProcedureFieldFactory())
    with django_assert_num_queries(3):
        assert len(client.get(URL).json()["items"]) == 21


def test_detail_returns_cases_components_steps_fees_and_agencies(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(7):
        response = client.get(f"{URL}2.000815")
    assert response.status_code == 200
    body = response.json()
    assert body["supplement_policy"] == "restart"
    assert body["legal_basis"] == ["Nghị định số 23/2015/NĐ-CP", "Thông tư số 226/2016/TT-BTC"]
    assert body["agencies"] == [{"code": "000.00.03.H98", "name": "Sở Tư pháp"}]
    assert body["fees"] == [
        {
            "kind": "fee",
            "kind_label": "Phí",
            "amount": 2000,
            "description": "Trang thứ nhất và thứ hai, mỗi trang",
        },
        {
            "kind": "fee",
            "kind_label": "Phí",
            "amount": 1000,
            "description": "Từ trang thứ ba, tối đa 200.000 đồng/bản",
        },
    ]
    assert [case["code"] for case in body["cases"]] == ["01"]  # the inactive case is not published
    case = body["cases"][0]
    assert case["time_limit"] == {"amount": 4, "unit": "working_hours", "label": "4 giờ làm việc"}
    assert case["components"][1] == {
        "code": "BS",
        "name": "Bản sao cần chứng thực",
        "originals": 0,
        "copies": 1,
        "mandatory": False,
        "blank_form_url": None,
    }
    assert [(s["position"], s["role_label"], s["hours"]) for s in case["steps"]] == [
        (1, "Cán bộ một cửa", 0.5),
        (2, "Chuyên viên", 2.0),
        (3, "Lãnh đạo đơn vị", 1.0),
        (4, "Văn thư", 0.5),
    ]
    assert case["form_schema"]["x-ui"]["sections"][0]["title"] == "Người yêu cầu"

    commune_procedure = client.get(f"{URL}1.004873").json()
    assert commune_procedure["agencies"] == [{"code": "X.NS", "name": "Ủy ban nhân dân xã Na Sầm"}]


def test_detail_query_count_is_fixed(client, catalogue):
    with CaptureQueriesContext(connection) as small:
        client.get(f"{URL}1.004873")
    with CaptureQueriesContext(connection) as large:
        client.get(f"{URL}2.000815")
    assert len(small.captured_queries) == len(large.captured_queries) == 7


def test_detail_of_an_unknown_or_inactive_procedure_is_404(client):
    ProcedureFactory(code="1.000894", is_active=False)
    for code in ("1.000894", "9.999999"):
        response = client.get(f"{URL}{code}")
        assert response.status_code == 404
        assert response.json()["detail"] == f"Không có thủ tục đang áp dụng mang mã «{code}»."
