"""The HTML workspace: forms, action errors shown in place, messages, urgency flags, query counts."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cqdt.documents import services
from cqdt.documents.models import IncomingDocument, OutgoingDocument
from cqdt.documents.status import CLASSIFIED_REFUSAL, Urgency
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import approved, direct, draft, issued, register
from cqdt.documents.tests.helpers import pdf
from cqdt.documents.tests.urls import URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        yield


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(world, **overrides):
    data = {
        "agency": world.justice.pk,
        "channel": "paper",
        "issuer_name": "Bộ Tư pháp",
        "number": "210",
        "notation": "BTP-VP",
        "issued_on": "2026-03-02",
        "document_type": world.type("cong-van").pk,
        "summary": "Về việc báo cáo công tác quý I",
        "urgency": "urgent",
        "confidentiality": "normal",
        "main_file": pdf(),
    }
    data.update(overrides)
    return data


def test_registration_form_registers_and_redirects(world):
    client = client_for(world.clerk)
    response = client.post("/van-ban/den/vao-so/", _form(world), follow=True)
    document = IncomingDocument.objects.get()
    assert response.redirect_chain == [(f"/van-ban/den/{document.public_id}/", 302)]
    page = response.content.decode()
    assert "Đã vào sổ văn bản đến số 1/2026." in page
    assert "1/2026 — Sổ đăng ký văn bản đến" in page
    assert '<span class="badge near">Khẩn</span>' in page


def test_a_secret_document_is_refused_on_the_form(world):
    response = client_for(world.clerk).post(
        "/van-ban/den/vao-so/", _form(world, confidentiality="top_secret")
    )
    assert response.status_code == 400
    assert CLASSIFIED_REFUSAL in response.content.decode()
    assert IncomingDocument.objects.count() == 0


def test_the_page_offers_each_role_its_actions(world):
    document = register(world)
    url = f"/van-ban/den/{document.public_id}/"
    assert (
        "<summary>Cho ý kiến chỉ đạo, giao xử lý</summary>"
        in client_for(world.leader).get(url).content.decode()
    )
    assert "<summary>" not in client_for(world.clerk).get(url).content.decode()


def test_an_invalid_action_is_shown_on_the_page_and_changes_nothing(world):
    document = register(world)
    response = client_for(world.leader).post(
        f"/van-ban/den/{document.public_id}/thao-tac/direct/", {"note": "Xử lý.", "deadline": "2026-03-01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cần chọn đơn vị hoặc cá nhân chủ trì xử lý." in page
    assert "Hạn xử lý không thể trước ngày hôm nay." in page
    assert '<details class="action" open>' in page
    assert IncomingDocument.objects.get(pk=document.pk).status == "registered"


def test_an_action_the_status_no_longer_allows_is_refused_in_place(world):
    document = direct(world, register(world))
    services.incoming_complete(actor=world.leader, document=document, result="Xong.")
    response = client_for(world.leader).post(
        f"/van-ban/den/{document.public_id}/thao-tac/note/", {"text": "Thêm."}
    )
    assert response.status_code == 400
    assert (
        "Không thể “Cập nhật tiến độ xử lý” khi văn bản đang ở trạng thái “Đã hoàn thành”."
        in response.content.decode()
    )


def test_unknown_action_is_a_404(world):
    document = register(world)
    response = client_for(world.leader).post(f"/van-ban/den/{document.public_id}/thao-tac/xoa/")
    assert response.status_code == 404


def test_drafting_and_issuing_through_the_pages(world):
    specialist = client_for(world.specialist)
    created = specialist.post(
        "/van-ban/di/soan-thao/",
        {
            "drafting_unit": world.section.pk,
            "document_type": world.type("to-trinh").pk,
            "summary": "Tờ trình đề nghị phê duyệt kế hoạch",
            "urgency": "normal",
            "confidentiality": "normal",
            "copies": 2,
            "internal_recipients": [world.province.pk],
            "file": pdf(),
        },
    )
    assert created.status_code == 302
    url = created["Location"]
    assert specialist.post(f"{url}thao-tac/submit/").status_code == 302
    head = client_for(world.section_head)
    assert head.post(f"{url}thao-tac/forward/", {"approver": world.leader.pk}).status_code == 302
    assert client_for(world.leader).post(f"{url}thao-tac/approve/").status_code == 302
    clerk = client_for(world.clerk)
    assert clerk.post(f"{url}thao-tac/record_paper_signature/", {"file": pdf()}).status_code == 302
    issued_page = clerk.post(f"{url}thao-tac/issue/", follow=True).content.decode()
    assert "Tờ trình số 01/TTr-STP" in issued_page
    assert "Đã cấp số và phát hành văn bản." in issued_page
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm: đã gửi 03/03/2026 09:00 — chờ vào sổ" in issued_page


def test_signing_needs_a_certificate_of_the_signer(world):
    document = approved(world)
    page = client_for(world.leader).get(f"/van-ban/di/{document.public_id}/").content.decode()
    assert "<summary>Ký số</summary>" in page
    assert 'name="secret"' in page
    refused = client_for(world.leader).post(
        f"/van-ban/di/{document.public_id}/thao-tac/sign/",
        {"certificate": 999, "secret": "x", "page": 1, "x1": 1, "y1": 1, "x2": 2, "y2": 2},
    )
    assert refused.status_code == 400
    assert (
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
        in refused.content.decode()
    )
    assert OutgoingDocument.objects.get(pk=document.pk).status == "approved"


def test_registers_page_and_export(world):
    issued(world)
    clerk = client_for(world.clerk)
    page = clerk.get("/van-ban/so/").content.decode()
    assert "Sổ đăng ký văn bản đi" in page
    assert "Năm 2026" in page
    from cqdt.documents.models import Register

    register_id = Register.objects.get(agency=world.justice, direction="outgoing").public_id
    export = clerk.get(f"/van-ban/so/{register_id}/2026.xlsx")
    assert export["Content-Disposition"] == 'attachment; filename="so-van-ban-di-2026.xlsx"'
    assert clerk.get(f"/van-ban/so/{register_id}/2026.csv").status_code == 404


def test_statistics_page(world):
    register(world)
    issued(world)
    page = (
        client_for(world.leader)
        .get("/van-ban/thong-ke/", {"agency": world.justice.pk, "start": "2026-03-01", "end": "2026-03-31"})
        .content.decode()
    )
    assert "<dt>Văn bản đến</dt><dd>1 (điện tử: 0, 0,0%)</dd>" in page
    assert "<dt>Văn bản đi đã phát hành</dt><dd>1 (ký số: 0, 0,0%)</dd>" in page
    assert '<td>03/2026</td><td class="num">1</td><td class="num">1</td>' in page


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_pages_take_a_fixed_number_of_queries(world):
    clerk, head, leader = client_for(world.clerk), client_for(world.section_head), client_for(world.leader)
    direct(world, register(world, urgency=Urgency.FLASH), deadline=dt.date(2026, 3, 9))
    issued(world)
    draft(world)
    urls = [
        (clerk, "/van-ban/den/"),
        (head, "/van-ban/viec-cua-toi/"),
        (leader, "/van-ban/di/"),
        (leader, "/van-ban/di/cho-duyet/"),
        (clerk, "/van-ban/di/cho-phat-hanh/"),
        (clerk, "/van-ban/so/"),
    ]
    few = [_queries(client, url) for client, url in urls]
    for _ in range(3):
        direct(world, register(world), deadline=dt.date(2026, 3, 9))
        issued(world)
        draft(world)
    assert [_queries(client, url) for client, url in urls] == few
    assert few == [7, 7, 6, 5, 5, 7]  # session, user, roles (2), count, page, prefetches
