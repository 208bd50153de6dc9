"""The staff workspace as a browser uses it: the test client signs in, reads the pages, posts the forms."""

import datetime as dt
import re
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from cqdt.dossiers import unit_walk
from cqdt.dossiers.models import Dossier, DossierHistory, DossierPause, FileKind, Timeliness
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.helpers import PDF_BYTES, pdf, png
from cqdt.dossiers.tests.workspace import URLS, at_step, receive

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def row_of(html: str, code: str) -> str:
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if code in row]
    assert len(rows) == 1
    return rows[0]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def post_action(client, dossier: Dossier, action: str, data: dict, at: dt.datetime, expect: int = 302):
    with time_machine.travel(at, tick=False):
        response = client.post(f"/mot-cua/ho-so/{dossier.code}/thao-tac/{action}/", data)
    assert response.status_code == expect, text(response.content.decode())[:800]
    return response


def test_login_takes_staff_to_the_inbox(world, client):
    login_page = page(client, "/dang-nhap/?next=/mot-cua/")
    assert "Đăng nhập" in login_page
    assert 'name="next" value="/mot-cua/"' in login_page

    wrong = client.post("/dang-nhap/", {"username": "motcua", "password": "sai-mat-khau"})
    assert wrong.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong.content.decode()

    response = client.post(
        "/dang-nhap/", {"username": "motcua", "password": "Matkhau@2026", "next": "/mot-cua/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/mot-cua/")
    assert client.get("/mot-cua/").status_code == 200

    logged_out = client.post("/dang-xuat/")
    assert (logged_out.status_code, logged_out["Location"]) == (302, "/dang-nhap/")
    assert client.get("/mot-cua/")["Location"] == "/dang-nhap/?next=/mot-cua/"


def test_inbox_shows_the_columns_in_vietnam_time_with_deadline_colours(world, client):
    overdue = receive(world, vn(2026, 3, 2, 9, 0))  # due Thu 05/03 09:00
    near = receive(world, vn(2026, 3, 2, 14, 0), name="Lê Thị Lan")  # due Thu 05/03 14:00
    later = receive(world, vn(2026, 3, 4, 9, 0), name="Phạm Văn Đồng")  # due Mon 09/03 09:00
    client.force_login(world.counter_officer)
    with time_machine.travel(vn(2026, 3, 5, 10, 0), tick=False):
        html = page(client, "/mot-cua/")

    assert 'aria-current="page">Chờ xử lý<span class="count">3</span>' in html
    # the overdue box also counts dossiers whose current step is late (all three here)
    assert 'Quá hạn<span class="count">3</span>' in html
    assert 'Sắp đến hạn<span class="count">1</span>' in html
    first = row_of(html, overdue.code)
    officer = world.counter_officer.full_name
    assert text(first) == (
        f"{overdue.code} Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam Hoàng Văn Thụ 02/03/2026 09:00 "
        f"05/03/2026 09:00 Quá hạn Tiếp nhận, chuyển hồ sơ {officer} Quá hạn bước (02/03 15:00) "
        "Được tiếp nhận"
    )
    assert 'class="nowrap overdue"' in first
    assert 'class="nowrap near"' in row_of(html, near.code)
    assert "05/03/2026 14:00 Sắp đến hạn" in text(row_of(html, near.code))
    assert 'class="nowrap "' in row_of(html, later.code)
    # newest first
    assert html.index(later.code) < html.index(near.code) < html.index(overdue.code)


def test_inbox_filters_without_diacritics_and_pages_by_cursor(world, client):
    for _ in range(27):
        receive(world, vn(2026, 3, 2, 9, 0))
    others = [receive(world, vn(2026, 3, 3, 9, 0), name="Lê Thị Lan") for _ in range(3)]
    client.force_login(world.counter_officer)

    html = page(client, "/mot-cua/?box=all&q=hoang+van+thu")
    assert html.count("Hoàng Văn Thụ</td>") == 25
    assert "Lê Thị Lan" not in html
    next_url = re.search(r'href="(\?[^"]*after=\d+[^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "box=all" in next_url
    assert "q=hoang+van+thu" in next_url

    second = page(client, f"/mot-cua/{next_url}")
    assert second.count("Hoàng Văn Thụ</td>") == 2
    assert 'rel="next"' not in second

    by_date = page(client, "/mot-cua/?box=all&received_from=03/03/2026&received_to=03/03/2026")
    assert set(re.findall(r"000\.00\.30\.H99-\d{6}-\d{4}", by_date)) == {d.code for d in others}
    bad = page(client, "/mot-cua/?box=all&received_from=05/03/2026&received_to=01/03/2026")
    assert "Ngày kết thúc phải trùng hoặc sau ngày bắt đầu." in bad


def test_inbox_filter_form_keeps_what_was_asked(world, client):
    client.force_login(world.counter_officer)
    html = page(client, "/mot-cua/?box=all&status=10&channel=online&received_from=01/03/2026&q=Thụ")
    assert '<option value="10" selected>Đã trả kết quả</option>' in html
    assert '<option value="4">Đang xử lý</option>' in html
    assert '<option value="online" selected>Trực tuyến</option>' in html
    assert '<option value="">Tất cả kênh</option>' in html
    assert 'name="received_from" value="01/03/2026"' in html
    assert 'name="received_to" placeholder' in html
    assert 'name="q" value="Thụ"' in html
    assert '<label for="id_status">Trạng thái:</label>' in html

    wrong = page(client, "/mot-cua/?box=all&received_from=31/02/2026&q=%22%3E%3Cscript%3E")
    assert 'name="received_from" value="31/02/2026"' in wrong
    assert '<ul class="errorlist" id="id_received_from_error"><li>' in wrong
    assert 'name="q" value="&quot;&gt;&lt;script&gt;"' in wrong


def test_the_inbox_filter_fields_are_rendered_once_per_set_of_valid_values(world, client):
    from cqdt.dossiers.forms import InboxFilterForm
    from cqdt.dossiers.views.inbox import _fields_html, _valid_fields_html, filter_fields_html

    _valid_fields_html.cache_clear()
    code = world.case.procedure.code
    asked = {"box": "all", "status": "10", "channel": "online", "procedure": code, "q": "<b>Thụ"}
    for data in ({}, asked, {**asked, "received_from": "01/03/2026", "received_to": "02/03/2026"}):
        first = filter_fields_html(InboxFilterForm(data))
        assert first == _fields_html(InboxFilterForm(data))  # what rendering the form itself gives
        assert filter_fields_html(InboxFilterForm(dict(data))) == first
    assert _valid_fields_html.cache_info().hits == 3
    assert _valid_fields_html.cache_info().misses == 3
    assert 'name="q" value="&lt;b&gt;Thụ"' in first
    assert '<option value="online" selected>Trực tuyến</option>' in first

    # A form with errors is rendered each time, never cached: whether a code is valid can change.
    invalid = {"procedure": "9.999999", "received_from": "31/02/2026"}
    html = filter_fields_html(InboxFilterForm(invalid))
    assert "Không có thủ tục mã “9.999999” trong danh mục." in html
    assert '<ul class="errorlist" id="id_received_from_error"><li>' in html
    assert _valid_fields_html.cache_info().misses == 3
    client.force_login(world.counter_officer)
    assert filter_fields_html(InboxFilterForm({})) in page(client, "/mot-cua/?box=all")


def test_inbox_filters_by_a_procedure_typed_or_picked_from_the_list(world, client):
    received = [receive(world, vn(2026, 3, 2, 9, 0)) for _ in range(2)]
    client.force_login(world.counter_officer)
    procedure = world.case.procedure

    html = page(client, "/mot-cua/?box=all")
    assert f'<option value="{procedure.code}">{procedure.code} — {procedure.name}</option>' in html
    for typed in (procedure.code, f"{procedure.code} — {procedure.name}"):
        found = page(client, f"/mot-cua/?box=all&procedure={typed}")
        assert set(re.findall(r"000\.00\.30\.H99-\d{6}-\d{4}", found)) == {d.code for d in received}
    unknown = page(client, "/mot-cua/?box=all&procedure=9.999999")
    assert "Không có thủ tục mã “9.999999” trong danh mục." in unknown


def test_click_through_supplement_approval_result_and_return(world, client):
    client.force_login(world.counter_officer)
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        client.post(
            "/mot-cua/tiep-nhan/",
            {
                "case": str(world.case.public_id),
                "channel": "in_person",
                "applicant_type": "citizen",
                "applicant_name": "Hoàng Văn Thụ",
                "tp-TP1": pdf(),
                "tp-TP2": png(),
            },
        )
    dossier = Dossier.objects.get()
    assert dossier.due_at == vn(2026, 3, 5, 9, 0)

    post_action(
        client, dossier, "forward", {"assignee": str(world.specialist.public_id)}, vn(2026, 3, 2, 10, 0)
    )
    client.force_login(world.specialist)
    assert dossier.code in page(client, "/mot-cua/?box=to_process")
    post_action(
        client,
        dossier,
        "request_supplement",
        {
            "components": ["Bản chụp giấy tờ tùy thân"],
            "reason": "Bản chụp CCCD bị mờ, không đọc được số định danh.",
        },
        vn(2026, 3, 3, 9, 0),
    )
    dossier.refresh_from_db()
    pause = DossierPause.objects.get(dossier=dossier)
    assert (dossier.status, pause.ended_at, pause.remaining_work_seconds) == (5, None, 16 * 3600)
    html = page(client, f"/mot-cua/ho-so/{dossier.code}/")
    assert "Yêu cầu bổ sung giấy tờ" in html
    assert "Cần bổ sung: Bản chụp giấy tờ tùy thân" in html
    assert f'href="/mot-cua/ho-so/{dossier.code}/in/mau-02/{pause.pk}/"' in html

    client.force_login(world.counter_officer)
    assert dossier.code in page(client, "/mot-cua/?box=paused")
    post_action(
        client,
        dossier,
        "register_supplement",
        {"note": "Đã nhận bản chụp rõ nét.", "tp-TP2": png("cccd-moi.png")},
        vn(2026, 3, 9, 14, 0),
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_at) == (DossierStatus.PROCESSING, vn(2026, 3, 11, 14, 0))
    assert dossier.files.get(kind=FileKind.SUPPLEMENT).original_name == "cccd-moi.png"

    client.force_login(world.specialist)
    post_action(
        client, dossier, "forward", {"assignee": str(world.section_head.public_id)}, vn(2026, 3, 11, 9, 0)
    )
    client.force_login(world.section_head)
    assert dossier.code in page(client, "/mot-cua/?box=to_approve")
    post_action(
        client,
        dossier,
        "approve",
        {"assignee": str(world.clerk.public_id), "reason": "Đồng ý."},
        vn(2026, 3, 11, 10, 0),
    )
    client.force_login(world.clerk)
    post_action(
        client,
        dossier,
        "record_result",
        {
            "number": "125/STP-LLTP",
            "signer": "Lý Thị Mai",
            "issued_on": "11/03/2026",
            "summary": "Phiếu LLTP số 1",
            "result_file": pdf("phieu-lltp.pdf"),
        },
        vn(2026, 3, 11, 11, 0),
    )
    client.force_login(world.counter_officer)
    assert dossier.code in page(client, "/mot-cua/?box=to_return")
    post_action(
        client,
        dossier,
        "return_result",
        {"method": "counter", "note": "Ông Thụ nhận trực tiếp."},
        vn(2026, 3, 11, 14, 0),
    )

    dossier.refresh_from_db()
    assert (dossier.status, dossier.timeliness, dossier.result_number) == (
        10,
        Timeliness.ON_TIME,
        "125/STP-LLTP",
    )
    assert list(dossier.history.values_list("action", "to_status")) == [
        (Action.RECEIVE, 2),
        (Action.FORWARD, 4),
        (Action.REQUEST_SUPPLEMENT, 5),
        (Action.REGISTER_SUPPLEMENT, 4),
        (Action.FORWARD, 4),
        (Action.APPROVE, 4),
        (Action.RECORD_RESULT, 9),
        (Action.RETURN_RESULT, 10),
    ]
    html = page(client, f"/mot-cua/ho-so/{dossier.code}/")
    assert "Đã thực hiện “Trả kết quả” đối với hồ sơ" in html
    assert "Bạn không có thao tác nào với hồ sơ này ở bước hiện tại." in html
    assert "phieu-lltp.pdf" in html
    assert "Đúng hạn" in html


def test_late_path_with_the_apology(world, client):
    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    client.force_login(world.specialist)
    html = page(client, f"/mot-cua/ho-so/{dossier.code}/")
    assert "<summary>Dự thảo phiếu xin lỗi</summary>" in html

    too_early = post_action(
        client,
        dossier,
        "draft_apology",
        {
            "reason": "Chờ kết quả xác minh.",
            "new_due_at": "04/03/2026 09:00",
        },
        vn(2026, 3, 4, 15, 0),
        expect=400,
    )
    assert "Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại." in too_early.content.decode()
    post_action(
        client,
        dossier,
        "draft_apology",
        {
            "reason": "Cơ quan công an chưa có kết quả xác minh nhân thân.",
            "new_due_at": "10/03/2026 09:00",
        },
        vn(2026, 3, 4, 15, 0),
    )

    client.force_login(world.agency_head)
    assert dossier.code in page(client, "/mot-cua/?box=to_approve")
    post_action(client, dossier, "approve_apology", {"note": "Đồng ý hẹn lại."}, vn(2026, 3, 4, 16, 0))
    dossier.refresh_from_db()
    apology = dossier.apologies.get()
    assert (apology.status, dossier.rescheduled_due_at, dossier.due_at) == (
        "approved",
        vn(2026, 3, 10, 9, 0),
        vn(2026, 3, 5, 9, 0),
    )

    client.force_login(world.specialist)
    post_action(
        client, dossier, "forward", {"assignee": str(world.section_head.public_id)}, vn(2026, 3, 9, 9, 0)
    )
    client.force_login(world.section_head)
    post_action(client, dossier, "approve", {"assignee": str(world.clerk.public_id)}, vn(2026, 3, 9, 9, 30))
    client.force_login(world.clerk)
    post_action(
        client,
        dossier,
        "record_result",
        {"number": "9/STP", "signer": "Lý Thị Mai", "issued_on": "09/03/2026"},
        vn(2026, 3, 9, 10, 0),
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.timeliness) == (DossierStatus.RESOLVED, Timeliness.LATE)

    html = page(client, f"/mot-cua/ho-so/{dossier.code}/")
    assert "Hẹn trả lại (phiếu xin lỗi)</dt><dd>10/03/2026 09:00" in html
    assert "Hẹn cũ 05/03/2026 09:00 → hẹn mới 10/03/2026 09:00" in html
    slip = f"/mot-cua/ho-so/{dossier.code}/in/mau-04/{apology.public_id}/"
    assert f'href="{slip}">In phiếu xin lỗi và hẹn lại (Mẫu 04)</a>' in html
    response = client.get(slip)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert '<span class="badge late">Quá hạn</span>' in html  # the result came after the legal appointment


def test_an_invalid_action_form_is_shown_again_with_its_errors_and_changes_nothing(world, client):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    client.force_login(world.counter_officer)
    response = post_action(client, dossier, "forward", {"assignee": ""}, vn(2026, 3, 2, 10, 0), expect=400)
    html = response.content.decode()
    assert "Người xử lý bước tiếp theo: Trường này là bắt buộc." in text(html)
    assert '<details class="action" open>\n        <summary>Chuyển bước xử lý</summary>' in html
    stranger = post_action(
        client,
        dossier,
        "forward",
        {"assignee": str(world.clerk.public_id)},
        vn(2026, 3, 2, 10, 0),
        expect=400,
    )
    assert "Hãy chọn một lựa chọn hợp lệ." in stranger.content.decode()
    returned = post_action(
        client, dossier, "return_result", {"method": "counter"}, vn(2026, 3, 2, 10, 0), expect=400
    )
    assert (
        "Không thể thực hiện “Trả kết quả” khi hồ sơ ở trạng thái “Được tiếp nhận”."
        in returned.content.decode()
    )
    assert list(dossier.history.values_list("action", flat=True)) == [Action.RECEIVE]


def test_files_are_served_through_the_access_check(world, client):
    dossier = receive(world, vn(2026, 3, 2, 9, 0))
    stored = dossier.files.get(original_name="to-khai.pdf")
    url = f"/mot-cua/ho-so/{dossier.code}/tep/{stored.public_id}/"
    client.force_login(world.agency_head)  # the department handles the dossier: its staff may read the file
    html = page(client, f"/mot-cua/ho-so/{dossier.code}/")
    assert f'href="{url}">to-khai.pdf</a>' in html
    assert "/media/" not in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'
    assert response["Content-Type"] == "application/pdf"
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_every_slip_is_a_pdf(world, client):
    from cqdt.dossiers import services
    from cqdt.dossiers.tests.workspace import submit_online

    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        services.dossier_request_supplement(
            actor=world.specialist, dossier=dossier, components=["Tờ khai"], reason="Thiếu chữ ký."
        )
        apology = services.apology_draft(
            actor=world.specialist, dossier=dossier, reason="Chờ xác minh.", new_due_at=vn(2026, 3, 12, 9, 0)
        )
    refused = submit_online(world, vn(2026, 3, 2, 20, 0))
    with time_machine.travel(vn(2026, 3, 3, 8, 0), tick=False):
        services.dossier_refuse_reception(
            actor=world.counter_officer, dossier=refused, reason="Sai thẩm quyền."
        )
    pause = dossier.pauses.get()
    client.force_login(world.counter_officer)
    urls = [
        f"/mot-cua/ho-so/{dossier.code}/in/mau-01/",
        f"/mot-cua/ho-so/{dossier.code}/in/mau-02/{pause.pk}/",
        f"/mot-cua/ho-so/{refused.code}/in/mau-03/",
        f"/mot-cua/ho-so/{dossier.code}/in/mau-04/{apology.public_id}/",
        f"/mot-cua/ho-so/{dossier.code}/in/mau-05/",
    ]
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf"), url
        assert response.content.startswith(b"%PDF")
    # a slip that does not exist for the dossier
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/in/mau-03/").status_code == 404
    assert client.get(f"/mot-cua/ho-so/{refused.code}/in/mau-01/").status_code == 404


def test_statistics_page_and_excel_export(world, client):
    receive(world, vn(2026, 3, 2, 9, 0))
    receive(world, vn(2026, 3, 3, 9, 0))
    client.force_login(world.specialist)  # works in a section: the table is for the department
    with time_machine.travel(vn(2026, 3, 20, 9, 0), tick=False):
        html = page(client, "/mot-cua/thong-ke/?period_start=01/03/2026&period_end=31/03/2026")
    assert "Sở Tư pháp — từ 01/03/2026 đến 31/03/2026" in html
    row = text(row_of(html, "Sở Tư pháp (trực tiếp giải quyết)"))
    # received 2 (in person) — none processed — 2 in progress, both late by the end of March
    assert row == "1 Sở Tư pháp (trực tiếp giải quyết) 2 0 0 2 0 0 0 0 0 2 0 2 0 — 0,00"
    export = client.get("/mot-cua/thong-ke/xuat-excel/?period_start=01/03/2026&period_end=31/03/2026")
    assert export.status_code == 200
    assert export["Content-Disposition"] == 'attachment; filename="bao-cao-tthc-20260301-20260331.xlsx"'
    sheet = load_workbook(BytesIO(export.content)).active
    assert "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in [
        c.value for c in sheet["A"] if c.value
    ] + [c.value for row in sheet.iter_rows(max_row=4) for c in row if c.value]
    denied = client.get(f"/mot-cua/thong-ke/?agency={world.other_department.pk}")
    assert denied.status_code == 403
    bad = client.get("/mot-cua/thong-ke/?period_start=31/03/2026&period_end=01/03/2026")
    assert bad.status_code == 400
    assert "Ngày kết thúc kỳ báo cáo phải trùng hoặc sau ngày bắt đầu." in bad.content.decode()


# Session, user, the page's own reads and each inbox count: fixed, whatever the number of rows. The "to
# process" box reads its ids first (one query more, many fewer rows read).
INBOX_QUERIES = 18
DOSSIER_PAGE_QUERIES = 14


def test_the_inbox_costs_the_same_number_of_queries_for_3_and_30_dossiers(
    world, client, django_assert_num_queries
):
    for _ in range(3):
        receive(world, vn(2026, 3, 2, 9, 0))
    client.force_login(world.counter_officer)
    unit_walk.walks_by_units(world.counter_officer)  # chosen once an hour, not on every page
    with time_machine.travel(vn(2026, 3, 4, 9, 0), tick=False):
        with django_assert_num_queries(INBOX_QUERIES):
            assert client.get("/mot-cua/?box=all").content.decode().count("<tr>") == 1 + 3
        for _ in range(27):
            receive(world, vn(2026, 3, 2, 9, 0))
        with django_assert_num_queries(INBOX_QUERIES):
            assert client.get("/mot-cua/?box=all").content.decode().count("<tr>") == 1 + 25


def test_the_dossier_page_costs_the_same_number_of_queries_for_3_and_30_history_rows(
    world, client, django_assert_num_queries
):
    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    DossierHistory.objects.create(
        dossier=dossier,
        at=vn(2026, 3, 2, 11, 0),
        actor=world.specialist,
        action=Action.REASSIGN,
        to_status=4,
        to_user=world.specialist,
    )
    client.force_login(world.specialist)
    url = f"/mot-cua/ho-so/{dossier.code}/"
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        assert client.get(url).content.decode().count('<div class="when">') == 3
    for minute in range(27):
        DossierHistory.objects.create(
            dossier=dossier,
            at=vn(2026, 3, 2, 12, minute),
            actor=world.specialist,
            action=Action.REASSIGN,
            to_status=4,
            to_user=world.section_head,
            to_unit=world.section,
            reason=f"Lần {minute}",
        )
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        assert client.get(url).content.decode().count('<div class="when">') == 30
