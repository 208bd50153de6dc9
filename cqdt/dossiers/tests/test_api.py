"""The dossier JSON API: inboxes with a cursor, reception, detail, actions, history, files, slips, tokens."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from cqdt.dossiers import unit_walk
from cqdt.dossiers.api_auth import api_token_create
from cqdt.dossiers.models import Dossier, FileKind
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.helpers import PDF_BYTES, pdf, png
from cqdt.dossiers.tests.workspace import URLS, at_step, receive

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

BASE = "/api/v1/dossiers"


def api_post(client: Client, path: str, body: dict, at: dt.datetime | None = None, **extra):
    with time_machine.travel(at or vn(2026, 3, 2, 10, 0), tick=False):
        return client.post(f"{BASE}{path}", json.dumps(body), content_type="application/json", **extra)


def test_list_pages_with_a_cursor_and_filters(world, client):
    for _ in range(4):
        receive(world, vn(2026, 3, 2, 9, 0))
    other = receive(world, vn(2026, 3, 3, 9, 0), name="Lê Thị Lan")
    client.force_login(world.counter_officer)
    with time_machine.travel(vn(2026, 3, 5, 10, 0), tick=False):
        first = client.get(f"{BASE}/?box=all&limit=3").json()
        assert [item["code"] for item in first["items"]] == [
            other.code,
            *[f"000.00.30.H99-260302-000{n}" for n in (4, 3)],
        ]
        second = client.get(f"{BASE}/?box=all&limit=3&after={first['next_cursor']}").json()
    assert [item["code"] for item in second["items"]] == [
        "000.00.30.H99-260302-0002",
        "000.00.30.H99-260302-0001",
    ]
    assert second["next_cursor"] is None
    assert second["items"][1] == {
        "code": "000.00.30.H99-260302-0001",
        "procedure_code": "2.000488",
        "procedure_name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "applicant_name": "Hoàng Văn Thụ",
        "status": 2,
        "status_label": "Được tiếp nhận",
        "channel": "in_person",
        "received_at": "2026-03-02T02:00:00Z",
        "due_at": "2026-03-05T02:00:00Z",
        "rescheduled_due_at": None,
        "deadline_state": "overdue",
        "current_step": "Tiếp nhận, chuyển hồ sơ",
        "current_assignee": {
            "id": str(world.counter_officer.public_id),
            "full_name": world.counter_officer.full_name,
        },
    }
    found = client.get(f"{BASE}/?box=all&q=le+thi+lan").json()
    assert [item["code"] for item in found["items"]] == [other.code]
    assert client.get(f"{BASE}/?box=all&procedure_code=9.999999").json()["items"] == []
    assert len(client.get(f"{BASE}/?box=all&procedure_code=2.000488").json()["items"]) == 5
    too_many = client.get(f"{BASE}/?limit=101")
    assert (too_many.status_code, too_many["Content-Type"]) == (400, "application/problem+json")
    boxes = {row["box"]: row["count"] for row in client.get(f"{BASE}/boxes").json()}
    assert boxes == {
        "to_receive": 0,
        "to_process": 5,
        "to_approve": 0,
        "to_return": 0,
        "paused": 0,
        "near_deadline": 0,
        "overdue": 5,
    }


def test_receive_with_files_by_component(world, client):
    client.force_login(world.counter_officer)
    payload = {
        "procedure_code": "2.000488",
        "case_code": "TH1",
        "applicant": {"name": "Hoàng Văn Thụ", "id_number": "020090001234", "birth_date": "1990-08-15"},
        "summary": "Xin cấp Phiếu LLTP số 1",
        "file_components": ["TP1", "TP2", "TP2"],
    }
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        response = client.post(
            f"{BASE}/", {"payload": json.dumps(payload), "files": [pdf(), png(), png("cccd-mat-sau.png")]}
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["status"], body["due_at"]) == (
        "000.00.30.H99-260302-0001",
        2,
        "2026-03-05T02:00:00Z",
    )
    assert body["applicant"]["birth_date"] == "1990-08-15"
    assert [[f["name"] for f in c["files"]] for c in body["components"]] == [
        ["to-khai.pdf"],
        ["cccd.png", "cccd-mat-sau.png"],
    ]
    assert body["available_actions"] == [
        "forward",
        "request_supplement",
        "request_fees",
        "draft_apology",
        "withdraw",
    ]
    assert body["next_step_candidates"] == [
        {"id": str(world.specialist.public_id), "full_name": world.specialist.full_name}
    ]
    assert [slip["form"] for slip in body["slips"]] == ["01", "05"]

    mismatch = client.post(
        f"{BASE}/", {"payload": json.dumps({**payload, "file_components": ["TP1"]}), "files": []}
    )
    assert mismatch.status_code == 400
    assert (
        mismatch.json()["detail"]
        == "Số mã thành phần trong `file_components` phải bằng số tệp trong `files`."
    )
    invalid = client.post(
        f"{BASE}/",
        {
            "payload": json.dumps(
                {**payload, "file_components": [], "applicant": {"name": "A", "email": "khong-hop-le"}}
            )
        },
    )
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == [{"location": "applicant_email", "message": "Nhập địa chỉ email."}]
    unknown = client.post(
        f"{BASE}/", {"payload": json.dumps({**payload, "case_code": "TH9", "file_components": []})}
    )
    assert unknown.status_code == 404
    assert Dossier.objects.count() == 1


def test_an_action_with_prefer_return_minimal_answers_204_without_a_body(world, client):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    client.force_login(world.counter_officer)
    moved = api_post(
        client,
        f"/{dossier.code}/actions/forward",
        {"assignee": str(world.specialist.public_id)},
        HTTP_PREFER="handling=strict, return=minimal",
    )
    assert (moved.status_code, moved.content, moved["Preference-Applied"]) == (204, b"", "return=minimal")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.current_assignee) == (DossierStatus.PROCESSING, world.specialist)
    refused = api_post(client, f"/{dossier.code}/actions/forward", {}, HTTP_PREFER="return=minimal")
    assert refused.status_code == 400  # problems are reported whatever the preference
    assert refused.json()["title"] == "Dữ liệu không hợp lệ"


def test_actions_move_the_dossier_and_report_problems(world, client):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    client.force_login(world.counter_officer)
    missing = api_post(client, f"/{dossier.code}/actions/forward", {})
    assert missing.status_code == 400
    assert missing.json()["title"] == "Dữ liệu không hợp lệ"
    stranger = api_post(client, f"/{dossier.code}/actions/forward", {"assignee": str(world.clerk.public_id)})
    assert stranger.status_code == 400
    assert stranger.json()["errors"][0]["location"] == "assignee"
    wrong_state = api_post(client, f"/{dossier.code}/actions/return-result", {"method": "counter"})
    assert (wrong_state.status_code, wrong_state.json()["detail"]) == (
        400,
        "Không thể thực hiện “Trả kết quả” khi hồ sơ ở trạng thái “Được tiếp nhận”.",
    )

    moved = api_post(
        client, f"/{dossier.code}/actions/forward", {"assignee": str(world.specialist.public_id)}
    )
    assert moved.status_code == 200
    body = moved.json()
    assert (body["status"], body["current_step"], body["current_assignee"]["full_name"]) == (
        4,
        "Thẩm định hồ sơ",
        world.specialist.full_name,
    )
    assert body["available_actions"] == ["recall", "withdraw"]

    client.force_login(world.specialist)
    asked = api_post(
        client,
        f"/{dossier.code}/actions/request-supplement",
        {
            "components": ["Bản chụp giấy tờ tùy thân"],
            "other": ["Giấy xác nhận cư trú"],
            "reason": "Bản chụp bị mờ.",
        },
        vn(2026, 3, 3, 9, 0),
    )
    assert asked.status_code == 200
    pause = asked.json()["pauses"][0]
    assert pause["requested_components"] == ["Bản chụp giấy tờ tùy thân", "Giấy xác nhận cư trú"]

    client.force_login(world.counter_officer)
    with time_machine.travel(vn(2026, 3, 9, 14, 0), tick=False):
        registered = client.post(
            f"{BASE}/{dossier.code}/actions/register-supplement",
            {"note": "Đã nhận.", "file_components": ["TP2"], "files": [png("moi.png")]},
        )
    assert registered.status_code == 200, registered.content
    assert (registered.json()["status"], registered.json()["due_at"]) == (4, "2026-03-11T07:00:00Z")

    at = vn(2026, 3, 10, 9, 0)
    client.force_login(world.specialist)
    api_post(client, f"/{dossier.code}/actions/forward", {"assignee": str(world.section_head.public_id)}, at)
    client.force_login(world.section_head)
    assert (
        api_post(
            client, f"/{dossier.code}/actions/approve", {"assignee": str(world.clerk.public_id)}, at
        ).status_code
        == 200
    )
    client.force_login(world.clerk)
    with time_machine.travel(at, tick=False):
        recorded = client.post(
            f"{BASE}/{dossier.code}/actions/record-result",
            {
                "number": "125/STP-LLTP",
                "signer": "Lý Thị Mai",
                "issued_on": "2026-03-10",
                "result_file": pdf("ket-qua.pdf"),
            },
        )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["result"]["number"] == "125/STP-LLTP"
    assert recorded.json()["other_files"][0]["name"] == "ket-qua.pdf"
    client.force_login(world.counter_officer)
    returned = api_post(
        client, f"/{dossier.code}/actions/return-result", {"method": "post", "note": "EMS123"}, at
    )
    assert (returned.json()["status"], returned.json()["result"]["timeliness"]) == (10, "early")

    history = client.get(f"{BASE}/{dossier.code}/history?limit=3&offset=5").json()
    assert history["count"] == 8
    assert [row["action"] for row in history["items"]] == [
        Action.APPROVE,
        Action.RECORD_RESULT,
        Action.RETURN_RESULT,
    ]
    assert history["items"][2]["reason"] == "EMS123"
    assert Dossier.objects.get().files.filter(kind=FileKind.RESULT).count() == 1


def test_files_and_slips_are_downloads(world, client):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    client.force_login(world.counter_officer)
    body = client.get(f"{BASE}/{dossier.code}").json()
    url = body["components"][0]["files"][0]["url"]
    assert url.startswith(f"{BASE}/{dossier.code}/files/")
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'
    for slip in body["slips"]:
        pdf_response = client.get(slip["url"])
        assert (pdf_response.status_code, pdf_response["Content-Type"]) == (200, "application/pdf")
        assert pdf_response.content.startswith(b"%PDF")
    assert client.get(f"{BASE}/{dossier.code}/slips/refusal").status_code == 404
    assert client.get(f"{BASE}/{dossier.code}/files/not-a-uuid").status_code == 404


def test_a_personal_token_authenticates_until_the_password_changes_or_it_expires(world, settings):
    settings.CQDT_API_TOKEN_MAX_AGE_DAYS = 30
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    out, err = StringIO(), StringIO()
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        call_command("create_api_token", "motcua", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert "hiệu lực 30 ngày" in err.getvalue()
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    with time_machine.travel(vn(2026, 3, 31, 9, 0), tick=False):
        assert client.get(f"{BASE}/{dossier.code}", **auth).status_code == 200
        # a bearer token is not a cookie: no CSRF token needed, even with checks enforced
        strict = Client(enforce_csrf_checks=True)
        forwarded = strict.post(
            f"{BASE}/{dossier.code}/actions/forward",
            json.dumps({"assignee": str(world.specialist.public_id)}),
            content_type="application/json",
            **auth,
        )
        assert forwarded.status_code == 200
    with time_machine.travel(vn(2026, 4, 2, 9, 0), tick=False):
        expired = client.get(f"{BASE}/{dossier.code}", **auth)
    assert (expired.status_code, expired["Content-Type"]) == (401, "application/problem+json")
    tampered = client.get(f"{BASE}/{dossier.code}", HTTP_AUTHORIZATION=f"Bearer {token[:-2]}xx")
    assert tampered.status_code == 401
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        fresh = api_token_create(user=world.counter_officer)
        world.counter_officer.set_password("MatKhauMoi@2026")
        world.counter_officer.save()
        assert client.get(f"{BASE}/{dossier.code}", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 401
    with pytest.raises(ValueError, match="Chỉ cấp mã truy cập API cho tài khoản cán bộ"):
        api_token_create(user=world.citizen)


def test_a_session_post_without_the_csrf_token_is_refused(world):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.counter_officer)
    response = strict.post(
        f"{BASE}/{dossier.code}/actions/withdraw",
        json.dumps({"reason": "Đơn rút"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert Dossier.objects.get().status == DossierStatus.RECEIVED


LIST_QUERIES = 4  # the calendar is not read: no row needs the warning horizon
DETAIL_QUERIES = 12


def test_the_list_and_the_detail_cost_the_same_for_3_and_30(world, client, django_assert_num_queries):
    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    for _ in range(2):
        receive(world, vn(2026, 3, 2, 9, 0))
    client.force_login(world.agency_head)
    unit_walk.walks_by_units(world.agency_head)  # chosen once an hour, not on every page
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(f"{BASE}/?box=all&limit=100").json()["items"]) == 3
    client.force_login(world.specialist)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert len(client.get(f"{BASE}/{dossier.code}").json()["components"]) == 2
    for _ in range(27):
        receive(world, vn(2026, 3, 2, 9, 0))
    for minute in range(27):
        dossier.history.create(
            at=vn(2026, 3, 2, 12, minute),
            actor=world.specialist,
            action=Action.REASSIGN,
            to_status=4,
            to_user=world.specialist,
        )
    client.force_login(world.agency_head)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(f"{BASE}/?box=all&limit=100").json()["items"]) == 30
    client.force_login(world.specialist)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert len(client.get(f"{BASE}/{dossier.code}").json()["components"]) == 2
    with django_assert_num_queries(6):
        assert client.get(f"{BASE}/{dossier.code}/history?limit=100").json()["count"] == 29


def test_the_openapi_document_lists_every_endpoint(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = {path for path in schema["paths"] if path.startswith(BASE)}
    actions = {p.rsplit("/", 1)[1] for p in paths if "/actions/" in p}
    assert actions == {
        "accept-online",
        "refuse-reception",
        "forward",
        "approve",
        "decline",
        "send-back",
        "recall",
        "reassign",
        "transfer",
        "request-supplement",
        "register-supplement",
        "request-fees",
        "confirm-fees",
        "record-result",
        "sign-result",
        "return-result",
        "withdraw",
        "stop",
        "draft-apology",
        "approve-apology",
        "reject-apology",
        "adjust-deadline",
    }
    assert f"{BASE}/{{code}}/history" in paths
    assert f"{BASE}/{{code}}/slips/receipt" in paths


def test_the_box_names_of_the_api_are_the_selector_boxes():
    from typing import get_args

    from cqdt.dossiers.api_schemas import BoxName
    from cqdt.dossiers.selectors import Box

    assert list(get_args(BoxName)) == list(Box.LABELS)


def test_the_inbox_answer_is_what_validating_it_would_render(world, client):
    """The inbox is rendered without ninja's validation of each row; validating it must change nothing."""
    from cqdt.api import api
    from cqdt.dossiers.api_schemas import InboxOut

    receive(world, dt.datetime(2026, 3, 2, 9, 0, 0, 987654, tzinfo=dt.UTC))
    receive(world, dt.datetime(2026, 3, 4, 9, 0, 0, 123456, tzinfo=dt.UTC), name="Lê Thị Lan")
    client.force_login(world.counter_officer)
    with time_machine.travel(vn(2026, 3, 5, 10, 0), tick=False):
        response = client.get(f"{BASE}/?box=all&limit=2")
    body = json.loads(response.content)
    assert [item["received_at"] for item in body["items"]] == [
        "2026-03-04T09:00:00.123Z",
        "2026-03-02T09:00:00.987Z",
    ]
    assert [item["deadline_state"] for item in body["items"]] == ["", "near"]
    assert body["items"][0]["current_assignee"]["full_name"] == world.counter_officer.full_name
    validated = InboxOut.model_validate(body).model_dump()
    assert response.content == api.renderer.render(None, validated, response_status=200).encode()
    assert response["Content-Type"] == "application/json; charset=utf-8"
