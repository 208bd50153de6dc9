"""Public pages without sign-in: home, catalogue and its filters, procedure page, blank forms, statistics."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cqdt.agencies.models import GovernmentLevel
from cqdt.catalog.models import Fee, ProcedureLevel
from cqdt.catalog.services import ProcedureData  # noqa: F401  (the catalogue's public write API exists)
from cqdt.core.text import search_text
from cqdt.portal.tests import dossiers as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world):
    world.procedure.search_text = search_text(world.procedure.code, world.procedure.name, "Lý lịch tư pháp")
    world.procedure.legal_basis = ["Luật Lý lịch tư pháp số 28/2009/QH12"]
    world.procedure.result_documents = ["Phiếu lý lịch tư pháp"]
    world.procedure.online_service = "partial"
    world.procedure.save()
    ProcedureLevel.objects.create(procedure=world.procedure, level=GovernmentLevel.PROVINCE)
    Fee.objects.create(
        procedure=world.procedure, position=1, kind="charge", amount=200000, description="Mỗi phiếu"
    )
    return world


def test_home_lists_fields_and_links_the_search(catalogue, client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'action="/thu-tuc/"' in body
    assert 'Lý lịch tư pháp</a> <span class="muted">(1 thủ tục)</span>' in body


@pytest.mark.parametrize("query", ["ly lich tu phap", "LÝ LỊCH", "phieu ly lich", "2.000488"])
def test_search_ignores_accents_and_case(catalogue, client, query):
    response = client.get(reverse("portal:catalogue"), {"q": query})
    assert [p.code for p in response.context["page"]] == ["2.000488"]


def test_search_without_a_match(catalogue, client):
    response = client.get(reverse("portal:catalogue"), {"q": "khai sinh"})
    assert list(response.context["page"]) == []
    assert "Không có thủ tục nào phù hợp" in response.content.decode()


def test_filters_by_field_level_agency_and_online_service(catalogue, client):
    url = reverse("portal:catalogue")

    def codes(**params):
        return [p.code for p in client.get(url, params).context["page"]]

    assert codes(linh_vuc="LLTP") == ["2.000488"]
    assert codes(linh_vuc="HT") == []
    assert codes(cap="province") == ["2.000488"]
    assert codes(cap="commune") == []
    assert codes(co_quan=str(catalogue.department.public_id)) == ["2.000488"]
    assert codes(co_quan=str(catalogue.other_department.public_id)) == []
    assert codes(truc_tuyen="partial") == ["2.000488"]
    assert codes(truc_tuyen="full") == []


def test_catalogue_query_count_does_not_grow_with_results(catalogue, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portal:catalogue"))
    assert response.status_code == 200


def test_procedure_page_shows_what_a_citizen_needs(catalogue, client):
    component = catalogue.case.components.get(code="TP1")
    component.blank_form.save("to-khai-lltp.docx", ContentFile(b"PK mau to khai"), save=True)
    response = client.get(reverse("portal:procedure", args=["2.000488"]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "3 ngày làm việc",
        "Tờ khai yêu cầu cấp Phiếu LLTP",
        "Luật Lý lịch tư pháp số 28/2009/QH12",
        "Sở Tư pháp",
        "Trực tuyến một phần",
        "Lệ phí:</strong> 200000 đồng",
        "Nộp hồ sơ trực tuyến",
    ):
        assert text in body, text
    download = client.get(reverse("portal:blank_form", args=["2.000488", component.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"PK mau to khai"
    assert 'filename="to-khai-lltp' in download["Content-Disposition"]


def test_unknown_or_inactive_procedure_is_404(catalogue, client):
    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404
    catalogue.procedure.is_active = False
    catalogue.procedure.save(update_fields=["is_active"])
    assert client.get(reverse("portal:procedure", args=["2.000488"])).status_code == 404


def test_statistics_page_counts_online_submissions(catalogue, client, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 15, 9, 0, tzinfo=dt.UTC))
    user = make.support.citizen()
    dossier = make.submitted(catalogue, user)
    from cqdt.dossiers import services

    services.dossier_accept_online(actor=catalogue.counter_officer, dossier=dossier)
    response = client.get(reverse("portal:statistics"), {"nam": "2026"})
    assert response.status_code == 200
    (province,) = response.context["tables"]
    assert province.province == catalogue.province
    assert province.table.total.received_online == 1
    assert province.table.total.online_rate == 100
    assert "100,00%" in response.content.decode()
