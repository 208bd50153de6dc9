"""The citizen journey end to end, in two browsers: a citizen finds a procedure, registers, submits with
two files; an official accepts it at /mot-cua/ and asks for a supplement; the citizen supplements; the
officials approve and attach the result; the citizen downloads it and rates. A screenshot per step goes
to var/e2e/."""

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connections

from cqdt.demo.province import DEMO_PASSWORD
from cqdt.demo.seed import seed_demo_province
from cqdt.dossiers.models import Dossier, FileKind
from cqdt.dossiers.status import DossierStatus
from cqdt.dossiers.tests.helpers import PDF_BYTES, PNG_BYTES
from cqdt.portal.models import Rating

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "e2e"

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Ng0i-nha-xanh-2026"  # noqa: S105  (a test account made by this test)
RESULT_PDF = PDF_BYTES.replace(b"%%EOF", b"% Giay xac nhan tinh trang hon nhan\n%%EOF")


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def staff_sign_in(page: Any, site: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{site}/mot-cua/")


def staff_action(page: Any, site: str, code: str, action: str, fill: dict[str, str] | None = None) -> None:
    page.goto(f"{site}/mot-cua/ho-so/{code}/")
    form = page.locator(f"form[action$='/thao-tac/{action}/']")
    form.locator("xpath=..").locator("summary").click()
    for selector, value in (fill or {}).items():
        if selector.endswith(":select"):
            form.locator(selector.removesuffix(":select")).select_option(label=value)
        elif selector.endswith(":check"):
            form.locator(selector.removesuffix(":check")).check()
        elif selector.endswith(":file"):
            form.locator(selector.removesuffix(":file")).set_input_files(
                {"name": "giay-xac-nhan.pdf", "mimeType": "application/pdf", "buffer": RESULT_PDF}
            )
        else:
            form.locator(selector).fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".messages .success").count() == 1, page.content()[:3000]


def seed_demo() -> None:
    """Seed in a thread of its own: parts of the seed run asyncio, and Playwright's loop runs in this one."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            seed_demo_province()
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


def test_citizen_journey(site, browser):
    seed_demo()
    citizen = browser.new_context(accept_downloads=True, viewport={"width": 412, "height": 900})
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    page = citizen.new_page()

    # 1. Search a procedure, accents left out, and open it.
    responses: list[Any] = []

    def record(response: Any) -> None:
        responses.append(response)

    page.on("response", record)
    page.goto(site + "/")
    page.wait_for_load_state("load")
    first_load = sum(len(response.body()) for response in responses if response.ok)
    page.remove_listener("response", record)
    (SCREENSHOTS / "first-load-bytes.txt").write_text(f"{first_load}\n")
    assert first_load < 200 * 1024, first_load
    page.fill("#tim-kiem", "xac nhan tinh trang hon nhan")
    page.press("#tim-kiem", "Enter")
    shot(page, "01-tim-kiem")
    page.click("text=Thủ tục cấp Giấy xác nhận tình trạng hôn nhân")
    assert page.locator("h1").inner_text() == "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"
    shot(page, "02-thu-tuc")

    # 2. Register by e-mail and open the one-time verification link.
    page.click("text=Nộp hồ sơ trực tuyến")
    page.click("text=Đăng ký")
    page.fill("#id_identifier", "lan.nguyen@example.vn")
    page.fill("#id_full_name", "Nguyễn Thị Lan")
    page.fill("#id_identity_number", "020195004321")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    shot(page, "03-dang-ky")
    page.click("button:has-text('Đăng ký')")
    link = re.search(r"http://\S+/dang-ky/xac-thuc/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    assert "Đã xác thực địa chỉ thư điện tử" in page.content()
    shot(page, "04-xac-thuc")

    # 3. Submit: details and e-form, two files, review, submit.
    page.goto(f"{site}/thu-tuc/1.004873/")
    page.click("text=Nộp hồ sơ trực tuyến")
    page.click("button:has-text('Bắt đầu')")
    page.select_option("#id_nn-handling_agency", label="Ủy ban nhân dân phường Tam Thanh")
    page.fill("#id_nn-phone", "0987654321")
    page.fill("#id_ef-nguoi_yeu_cau-ho_ten", "Nguyễn Thị Lan")
    page.check("input[name='ef-nguoi_yeu_cau-gioi_tinh'][value='nu']")
    page.fill("#id_ef-nguoi_yeu_cau-ngay_sinh", "1995-09-02")
    page.fill("#id_ef-nguoi_yeu_cau-dan_toc", "Nùng")
    page.fill("#id_ef-nguoi_yeu_cau-quoc_tich", "Việt Nam")
    page.fill("#id_ef-nguoi_yeu_cau-so_dinh_danh", "020195004321")
    page.fill("#id_ef-nguoi_yeu_cau-noi_cu_tru", "Phường Tam Thanh, tỉnh Lạng Sơn")
    page.fill("#id_ef-nguoi_yeu_cau-so_dien_thoai", "0987654321")
    page.select_option("#id_ef-tinh_trang", value="chua_ket_hon")
    page.check("input[name='ef-muc_dich'][value='khac']")
    page.fill("#id_ef-muc_dich_khac", "Bổ sung hồ sơ xin việc")
    shot(page, "05-to-khai")
    page.click("button:has-text('Lưu và tiếp tục')")
    page.wait_for_url(re.compile(r".*/giay-to/$"))
    page.set_input_files(
        "#tep-TK",
        [
            {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
            {"name": "anh-to-khai.png", "mimeType": "image/png", "buffer": PNG_BYTES},
        ],
    )
    page.locator("form:has(#tep-TK) button[type=submit]").click()
    page.wait_for_selector("text=Đã tải lên 2 tệp.")
    shot(page, "06-giay-to")
    page.click("text=Tiếp tục: kiểm tra và nộp")
    shot(page, "07-kiem-tra")
    page.click("button:has-text('Nộp hồ sơ')")
    page.wait_for_selector("text=Đã nộp hồ sơ.")
    code = page.locator("h1").inner_text().removeprefix("Hồ sơ ").strip()
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.files.count() == 2
    shot(page, "08-da-nop")

    # 4. The desk of phường Tam Thanh accepts it and asks for a supplement.
    desk = staff.new_page()
    staff_sign_in(desk, site, "tamthanh.motcua")
    desk.goto(f"{site}/mot-cua/?box=to_receive")
    assert code in desk.content()  # in the inbox "Chờ tiếp nhận"
    shot(desk, "09-can-bo-hop-thu")
    staff_action(desk, site, code, "accept_online")
    staff_action(
        desk,
        site,
        code,
        "request_supplement",
        {"#request_supplement-components_0:check": "", "#request_supplement-reason": "Tờ khai thiếu chữ ký."},
    )
    shot(desk, "10-yeu-cau-bo-sung")

    # 5. The citizen sees what was asked and supplements.
    page.goto(f"{site}/ho-so-cua-toi/{code}/")
    assert "Tờ khai thiếu chữ ký." in page.content()
    page.set_input_files(
        "#bs-TK", {"name": "to-khai-da-ky.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    shot(page, "11-bo-sung")
    page.click("button:has-text('Gửi hồ sơ bổ sung')")
    page.wait_for_selector("text=Đã gửi hồ sơ bổ sung")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED

    # 6. The officials process, approve and attach the result.
    staff_action(desk, site, code, "forward", {"#forward-assignee:select": "Bế Văn Khánh"})
    staff_sign_in(desk, site, "tamthanh.chuyenvien")
    staff_action(desk, site, code, "forward", {"#forward-assignee:select": "Hoàng Văn Sơn"})
    staff_sign_in(desk, site, "tamthanh.lanhdao")
    staff_action(desk, site, code, "approve", {"#approve-assignee:select": "Lý Thị Hương"})
    staff_sign_in(desk, site, "tamthanh.vanthu")
    staff_action(
        desk,
        site,
        code,
        "record_result",
        {
            "#record_result-number": "15/XNTTHN",
            "#record_result-signer": "Hoàng Văn Sơn",
            "#record_result-issued_on": "15/07/2026",
            "#record_result-result_file:file": "",
        },
    )
    shot(desk, "12-ket-qua")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESOLVED

    # 7. The citizen downloads the result and rates.
    page.goto(f"{site}/ho-so-cua-toi/{code}/")
    with page.expect_download() as download_info:
        page.click("text=Tải kết quả điện tử: giay-xac-nhan.pdf")
    download = download_info.value
    saved = SCREENSHOTS / "ket-qua-tai-ve.pdf"
    download.save_as(str(saved))
    assert saved.read_bytes() == RESULT_PDF
    assert dossier.files.get(kind=FileKind.RESULT).original_name == "giay-xac-nhan.pdf"
    shot(page, "13-tai-ket-qua")
    page.click("text=Đánh giá việc giải quyết hồ sơ")
    for number in range(1, 12):
        page.check(f"input[name='item_{number}'][value='2']")
    page.fill("#id_comment", "Nhanh, đúng hẹn.")
    shot(page, "14-danh-gia")
    page.click("button:has-text('Gửi đánh giá')")
    page.wait_for_selector("text=Cảm ơn Ông/Bà đã đánh giá")
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.index_score, rating.satisfaction) == (18, 2)
    shot(page, "15-da-danh-gia")
    citizen.close()
    staff.close()
