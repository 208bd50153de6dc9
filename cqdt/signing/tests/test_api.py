"""POST /verify: public, answers a report per signature, and problem+json for files that are not PDFs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ninja.testing import TestClient

from cqdt.signing.api import router
from cqdt.signing.tests.conftest import AGENCY_LEGAL_NAME, LEADER_NAME
from cqdt.signing.tests.pdftools import flip_header_byte

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> TestClient:
    return TestClient(router)


def upload(client: TestClient, data: bytes, name: str = "van-ban.pdf"):
    return client.post(
        "/verify", FILES={"file": SimpleUploadedFile(name, data, content_type="application/pdf")}
    )


def test_anonymous_gets_the_report_of_both_signatures(client, signed_and_sealed):
    response = upload(client, signed_and_sealed)
    assert response.status_code == 200
    body = response.json()
    assert body["all_valid"] is True
    assert body["summary"] == "Tất cả 2 chữ ký số đều hợp lệ."
    assert body["size"] == len(signed_and_sealed)
    assert [s["signer_common_name"] for s in body["signatures"]] == [LEADER_NAME, AGENCY_LEGAL_NAME]
    first = body["signatures"][0]
    assert first["verdict"] == "valid"
    assert first["verdict_label"] == "Hợp lệ"
    assert first["trust"] == "trusted"
    assert first["modification"] == "form_filling"
    assert first["changes_allowed"] is True
    assert first["pades_level"] == "PAdES B-B"
    assert first["problems"] == []
    assert first["signing_time"] is not None


def test_tampered_file_is_reported_invalid(client, signed_and_sealed):
    body = upload(client, flip_header_byte(signed_and_sealed)).json()
    assert body["all_valid"] is False
    assert [s["verdict_label"] for s in body["signatures"]] == ["Không hợp lệ", "Không hợp lệ"]


def test_not_a_pdf_is_a_problem_response(client):
    response = upload(client, b"MZ\x90\x00 executable", name="virus.pdf")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Tệp không hợp lệ",
        "status": 400,
        "detail": "Tệp không phải là tệp PDF.",
        "instance": "/verify",
    }


def test_oversized_upload_is_refused_before_reading(client, settings):
    settings.CQDT_SIGNING_MAX_PDF_BYTES = 100
    response = upload(client, b"%PDF-1.7\n" + b"0" * 200)
    assert response.status_code == 413
    assert response.json()["detail"] == "Tệp PDF vượt quá giới hạn 100 byte."


def test_missing_file_is_a_validation_error(client):
    # ninja's own status; the project's API-wide handler (cqdt/api.py) answers 400 problem+json instead.
    assert client.post("/verify").status_code == 422
