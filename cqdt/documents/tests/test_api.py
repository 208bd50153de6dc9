"""The JSON API end to end: registration, direction, handling, drafting to issue, recall, registers,
statistics, search, and the number of queries of the lists."""

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cqdt.documents import services
from cqdt.documents.models import IncomingDocument, OutgoingDocument
from cqdt.documents.status import CLASSIFIED_REFUSAL
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import direct, draft, issued, register
from cqdt.documents.tests.helpers import pdf, pdf_bytes, png
from cqdt.documents.tests.urls import URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

API = "/api/v1/documents"
NOW = vn(2026, 3, 3, 9, 0)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, data or {}, content_type="application/json")


def registration_form(world, **overrides) -> dict:
    data = {
        "agency": str(world.justice.public_id),
        "issuer_name": "Bộ Tư pháp",
        "number": "1234",
        "notation": "BTP-PBGDPL",
        "issued_on": "2026-02-27",
        "document_type": "cong-van",
        "summary": "Về việc hưởng ứng Ngày Pháp luật Việt Nam",
        "urgency": "flash",
        "signer_name": "Phan Chí Hiếu",
        "file": pdf("cv-1234.pdf", "Hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam"),
    }
    data.update(overrides)
    return data


def test_clerk_registers_with_multipart_and_gets_the_detail(world):
    response = client_for(world.clerk).post(
        f"{API}/incoming", registration_form(world, attachments=[png("phu-luc.png")])
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["arrival_number"], body["year"], body["status"], body["urgency_label"]) == (
        1,
        2026,
        "registered",
        "Hỏa tốc",
    )
    assert (body["number_notation"], body["issued_on"], body["document_type"], body["channel"]) == (
        "1234/BTP-PBGDPL",
        "2026-02-27",
        "cong-van",
        "paper",
    )
    assert [(f["name"], f["is_main"], f["page_count"]) for f in body["files"]] == [
        ("cv-1234.pdf", True, 1),
        ("phu-luc.png", False, None),
    ]
    assert body["actions"] == []  # a clerk registers; the leader directs
    assert [h["action"] for h in body["history"]] == ["register"]
    download = client_for(world.leader).get(body["files"][0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes(
        "Hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam"
    )


def test_secret_document_is_refused_by_the_api(world):
    response = client_for(world.clerk).post(
        f"{API}/incoming", registration_form(world, confidentiality="secret")
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == CLASSIFIED_REFUSAL
    assert IncomingDocument.objects.count() == 0


def test_direction_assignment_notes_and_completion_through_the_api(world):
    document = register(world)
    leader = client_for(world.leader)
    response = post(
        leader,
        f"{API}/incoming/{document.public_id}/direct",
        {
            "lead_unit": str(world.section.public_id),
            "co_users": [str(world.specialist2.public_id)],
            "deadline": "2026-03-10",
            "note": "Phòng HCTP chủ trì.",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    lead = next(h for h in body["handlers"] if h["role"] == "lead")
    assert (body["status"], body["deadline"], lead["unit"]["name"], lead["user"]) == (
        "assigned",
        "2026-03-10",
        "Phòng Hành chính tư pháp",
        None,
    )
    head = client_for(world.section_head)
    assert "assign_handler" in head.get(f"{API}/incoming/{document.public_id}").json()["actions"]
    assigned = post(
        head,
        f"{API}/incoming/{document.public_id}/handlers/{lead['id']}/assign",
        {"user": str(world.specialist.public_id)},
    )
    assert assigned.status_code == 200, assigned.content
    specialist = client_for(world.specialist)
    mine = specialist.get(f"{API}/assignments").json()
    assert (mine["count"], mine["items"][0]["id"], mine["items"][0]["lead"]) == (
        1,
        str(document.public_id),
        str(world.specialist),
    )
    noted = post(specialist, f"{API}/incoming/{document.public_id}/notes", {"text": "Đang tổng hợp."})
    assert noted.json()["status"] == "in_progress"
    done = post(specialist, f"{API}/incoming/{document.public_id}/complete", {"result": "Đã báo cáo."})
    assert (done.json()["status"], done.json()["completed_late"]) == ("completed", False)
    assert specialist.get(f"{API}/assignments").json()["count"] == 0
    slip = specialist.get(done.json()["slip_url"])
    assert (slip.status_code, slip["Content-Type"], slip.content[:5]) == (200, "application/pdf", b"%PDF-")


def test_outgoing_from_draft_to_issue_and_recall_through_the_api(world):
    specialist = client_for(world.specialist)
    created = specialist.post(
        f"{API}/outgoing",
        {
            "drafting_unit": str(world.section.public_id),
            "document_type": "cong-van",
            "summary": "V/v phối hợp tuyên truyền pháp luật",
            "internal_recipients": [str(world.interior.public_id), str(world.ward.public_id)],
            "recipients_text": "- Như trên;\n- Lưu: VT, HCTP.",
            "file": pdf("du-thao.pdf", "Dự thảo công văn"),
        },
    )
    assert created.status_code == 201, created.content
    document_id = created.json()["id"]
    assert created.json()["actions"] == ["add_version", "submit"]
    version = specialist.post(
        f"{API}/outgoing/{document_id}/versions", {"note": "Sửa lỗi chính tả", "file": pdf("v2.pdf", "Bản 2")}
    )
    assert [v["number"] for v in version.json()["versions"]] == [1, 2]
    assert post(specialist, f"{API}/outgoing/{document_id}/submit").json()["status"] == "in_review"
    forwarded = post(
        client_for(world.section_head),
        f"{API}/outgoing/{document_id}/forward",
        {"approver": str(world.leader.public_id)},
    )
    assert forwarded.json()["status"] == "pending_approval"
    leader = client_for(world.leader)
    assert leader.get(f"{API}/outgoing/queues/approval").json()["count"] == 1
    approved = post(leader, f"{API}/outgoing/{document_id}/approve", {"note": "Đồng ý."})
    assert (approved.json()["status"], approved.json()["signer_name"]) == ("approved", "Lăng Văn Hùng")
    clerk = client_for(world.clerk)
    assert [item["id"] for item in clerk.get(f"{API}/outgoing/queues/issue").json()["items"]] == [document_id]
    scanned = clerk.post(
        f"{API}/outgoing/{document_id}/paper-signature", {"file": pdf("ban-ky.pdf", "Bản ký")}
    )
    assert (scanned.json()["status"], scanned.json()["signature_kind"]) == ("signed", "paper")
    issued_body = post(clerk, f"{API}/outgoing/{document_id}/issue").json()
    assert (issued_body["status"], issued_body["number_notation"], issued_body["register_name"]) == (
        "issued",
        "01/STP-HCTP",
        "Sổ đăng ký văn bản đi",
    )
    assert sorted((r["agency"]["name"], r["status"]) for r in issued_body["recipients"]) == [
        ("Sở Nội vụ", "received"),
        ("Ủy ban nhân dân phường Tam Thanh", "received"),
    ]
    recalled = post(leader, f"{API}/outgoing/{document_id}/recall", {"reason": "Ban hành sai thẩm quyền."})
    assert recalled.json()["status"] == "recalled"
    assert set(IncomingDocument.objects.values_list("status", flat=True)) == {"recalled"}


def test_a_forward_without_approver_is_a_problem(world):
    document = draft(world)
    services.outgoing_submit(actor=world.specialist, document=document)
    response = post(client_for(world.section_head), f"{API}/outgoing/{document.public_id}/forward", {})
    assert (response.status_code, response.json()["detail"]) == (400, "Cần chọn lãnh đạo duyệt văn bản.")


def test_search_is_accent_insensitive_over_metadata_and_pdf_text(world):
    services.incoming_register(
        actor=world.clerk,
        agency=world.justice,
        metadata=__import__("cqdt.documents.tests.factories", fromlist=["metadata"]).metadata(
            world, summary="Kế hoạch kiểm tra"
        ),
        main_file=pdf("kh.pdf", "Đoàn kiểm tra công tác hòa giải ở cơ sở tại xã Đồng Đăng"),
    )
    register(world, summary="Báo cáo tổng kết", number="7")
    from django_tasks_db.models import DBTaskResult

    for task in DBTaskResult.objects.filter(task_path="cqdt.documents.tasks.extract_pdf_text"):
        services.documents_text_extract(kind=task.args_kwargs["args"][0], pk=task.args_kwargs["args"][1])
    clerk = client_for(world.clerk)
    found = clerk.get(f"{API}/incoming", {"q": "hoa giai DONG dang"}).json()
    assert [item["summary"] for item in found["items"]] == ["Kế hoạch kiểm tra"]
    assert clerk.get(f"{API}/incoming", {"q": "tổng kết"}).json()["count"] == 1
    assert clerk.get(f"{API}/incoming", {"q": "không có từ này"}).json()["count"] == 0


def test_register_export_in_both_formats(world):
    issued(world)
    clerk = client_for(world.clerk)
    registers = clerk.get(f"{API}/registers").json()
    outgoing = next(r for r in registers if r["direction"] == "outgoing")
    assert (outgoing["name"], outgoing["issuer_abbreviation"], outgoing["years"]) == (
        "Sổ đăng ký văn bản đi",
        "STP",
        [2026],
    )
    workbook = clerk.get(f"{API}/registers/{outgoing['id']}/export", {"year": 2026, "format": "xlsx"})
    assert workbook["Content-Disposition"] == 'attachment; filename="so-van-ban-di-2026.xlsx"'
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [cell.value for cell in sheet[6]][:3] == [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
    ]
    assert [cell.value for cell in sheet[8]][:4] == [
        "01/QĐ-STP",
        "03/03/2026",
        "Quyết định thành lập Tổ công tác kiểm tra hoạt động công chứng",
        "Lăng Văn Hùng",
    ]
    printed = clerk.get(f"{API}/registers/{outgoing['id']}/export", {"year": 2026})
    assert (printed.status_code, printed.content[:5]) == (200, b"%PDF-")


def test_statistics_for_the_agency(world):
    document = direct(world, register(world), deadline=dt.date(2026, 3, 4))
    services.incoming_direct(
        actor=world.leader, document=register(world), handling=services.Handling(lead_user=world.specialist)
    )
    issued(world)
    with time_machine.travel(vn(2026, 3, 5, 9), tick=False):
        services.incoming_complete(actor=world.leader, document=document, result="Xong.")
        response = client_for(world.leader).get(
            f"{API}/statistics",
            {"agency": str(world.justice.public_id), "start": "2026-03-01", "end": "2026-03-31"},
        )
    body = response.json()
    assert {
        key: body[key] for key in ("incoming", "incoming_electronic", "electronic_share", "outgoing")
    } == {
        "incoming": 2,
        "incoming_electronic": 0,
        "electronic_share": 0.0,
        "outgoing": 1,
    }
    assert (body["outgoing_signed_digitally"], body["signed_share"]) == (0, 0.0)
    assert (
        body["completed_on_time"],
        body["completed_late"],
        body["open_in_time"],
        body["open_overdue"],
    ) == (0, 1, 1, 0)
    assert body["months"] == [{"month": "2026-03-01", "incoming": 2, "outgoing": 1}]
    other = client_for(world.other_leader).get(
        f"{API}/statistics",
        {"agency": str(world.justice.public_id), "start": "2026-03-01", "end": "2026-03-31"},
    )
    assert other.status_code == 403


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def test_lists_take_a_fixed_number_of_queries(world):
    clerk, leader = client_for(world.clerk), client_for(world.leader)
    specialist = client_for(world.specialist)
    direct(world, register(world))
    issued(world)
    few = {
        "incoming": _queries(clerk, f"{API}/incoming"),
        "outgoing": _queries(leader, f"{API}/outgoing"),
        "assignments": _queries(client_for(world.section_head), f"{API}/assignments"),
        "approval": _queries(leader, f"{API}/outgoing/queues/approval"),
        "issue": _queries(clerk, f"{API}/outgoing/queues/issue"),
        "registers": _queries(clerk, f"{API}/registers"),
        "drafts": _queries(specialist, f"{API}/outgoing?mine=true"),
    }
    for _ in range(4):
        direct(world, register(world))
        issued(world)
    many = {
        "incoming": _queries(clerk, f"{API}/incoming"),
        "outgoing": _queries(leader, f"{API}/outgoing"),
        "assignments": _queries(client_for(world.section_head), f"{API}/assignments"),
        "approval": _queries(leader, f"{API}/outgoing/queues/approval"),
        "issue": _queries(clerk, f"{API}/outgoing/queues/issue"),
        "registers": _queries(clerk, f"{API}/registers"),
        "drafts": _queries(specialist, f"{API}/outgoing?mine=true"),
    }
    assert few == many
    # session, user, the caller's roles (2), count, page, then one per prefetched relation
    assert few == {
        "incoming": 7,
        "outgoing": 6,
        "assignments": 7,
        "approval": 6,
        "issue": 6,
        "registers": 9,
        "drafts": 6,
    }
    assert IncomingDocument.objects.count() == 5 + 10  # five registered, ten delivered copies
    assert OutgoingDocument.objects.count() == 5
