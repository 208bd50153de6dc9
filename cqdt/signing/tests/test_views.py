"""The public verification page at /ky-so/kiem-tra/: an HTML form that works without JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import include, path

from cqdt.signing.tests.conftest import LEADER_NAME
from cqdt.signing.tests.pdftools import flip_header_byte

pytestmark = [pytest.mark.django_db, pytest.mark.urls("cqdt.signing.tests.test_views")]

# Mounted here as the lead mounts it in cqdt/urls.py, so these tests do not depend on that file.
urlpatterns = [path("ky-so/", include("cqdt.signing.urls"))]
URL = "/ky-so/kiem-tra/"


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def post(browser: Client, data: bytes, name: str = "van-ban.pdf"):
    page = browser.get(URL)
    token = page.cookies["csrftoken"].value
    return browser.post(
        URL,
        {
            "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
            "csrfmiddlewaretoken": token,
        },
    )


def test_the_form_is_plain_html(browser):
    response = browser.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post" enctype="multipart/form-data">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Kiểm tra chữ ký số trên tệp PDF" in html


def test_a_signed_file_gives_a_report_in_vietnamese(browser, signed_and_sealed):
    response = post(browser, signed_and_sealed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kết quả: Tất cả 2 chữ ký số đều hợp lệ." in html
    assert f"Chữ ký 1: {LEADER_NAME}" in html
    assert html.count('<span class="badge on_time">Hợp lệ</span>') == 2
    assert "<dd>Sau khi ký chỉ có thêm chữ ký khác hoặc điền biểu mẫu.</dd>" in html
    assert html.count("<dt>Thay đổi được phép</dt><dd>Có</dd>") == 2


def test_a_tampered_file_is_shown_invalid(browser, signed_and_sealed):
    html = post(browser, flip_header_byte(signed_and_sealed)).content.decode()
    assert html.count('<span class="badge late">Không hợp lệ</span>') == 2
    assert "Dữ liệu đã ký bị thay đổi hoặc giá trị chữ ký không đúng." in html


def test_a_non_pdf_shows_an_error_not_a_crash(browser):
    response = post(browser, b"\x00\x01\x02 binary junk", name="rac.pdf")
    assert response.status_code == 400
    assert "Tệp không phải là tệp PDF." in response.content.decode()


@override_settings(CQDT_SIGNING_MAX_PDF_BYTES=1024)
def test_an_oversized_file_is_refused(browser):
    response = post(browser, b"%PDF-1.7\n" + b"0" * 4096)
    assert response.status_code == 400
    assert "Tệp PDF quá lớn (tối đa 1 KB)." in response.content.decode()
