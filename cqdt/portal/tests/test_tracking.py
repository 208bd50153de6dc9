"""Tracking by code and 4 digits: nothing shown without them, same answer for a wrong code, rate limit."""

import pytest
from django.urls import reverse

from cqdt.portal.tests import dossiers as make
from cqdt.portal.tests import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(world):
    return make.supplement_requested(world, support.citizen())


def _track(client, code, digits):
    return client.post(reverse("portal:tracking"), {"code": code, "digits": digits})


@pytest.mark.parametrize("digits", ["5678", "1234"])  # phone 0912345678, ID 020090001234
def test_right_digits_show_the_timeline(dossier, client, digits):
    response = _track(client, dossier.code.lower(), digits)
    assert response.status_code == 200
    body = response.content.decode()
    assert dossier.code in body
    assert "Yêu cầu bổ sung giấy tờ" in body
    assert [entry.text for entry in response.context["timeline"]] == [
        "Hồ sơ đã được nộp trực tuyến, đang chờ cán bộ một cửa kiểm tra và tiếp nhận.",
        "Hồ sơ trực tuyến đã được tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh.",
        "Cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ. Thời hạn giải quyết tạm dừng.",
    ]
    assert response.context["timeline"][2].detail == "Ảnh chụp căn cước bị mờ, không đọc được số."
    assert "Trần Thị Dân" not in body  # the applicant's name is never printed on the tracking page
    assert "motcua" not in body


def test_wrong_digits_and_unknown_code_get_the_same_answer(dossier, client):
    wrong = _track(client, dossier.code, "0000")
    unknown = _track(client, "000.00.30.H99-260101-9999", "5678")
    assert wrong.status_code == unknown.status_code == 404
    assert "dossier" not in wrong.context
    assert "dossier" not in unknown.context
    assert wrong.context["error"] == unknown.context["error"]
    assert dossier.procedure.name not in wrong.content.decode()


def test_qr_code_url_asks_only_for_the_digits(dossier, client):
    url = f"/tra-cuu/{dossier.code}"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert f"Mã hồ sơ: <strong>{dossier.code}</strong>" in body
    assert 'name="code"' not in body
    assert dossier.procedure.name not in body
    answer = client.post(url, {"digits": "5678"})
    assert answer.status_code == 200
    assert answer.context["dossier"].code == dossier.code
    assert client.post(url, {"digits": "9999"}).status_code == 404


def test_attempts_are_limited_per_address(dossier, client, settings):
    settings.CQDT_TRACKING_RATE_LIMIT = "3/600"
    for _ in range(3):
        assert _track(client, dossier.code, "0000").status_code == 404
    blocked = _track(client, dossier.code, "5678")  # even the right digits, once the allowance is used up
    assert blocked.status_code == 429
    assert "dossier" not in blocked.context
    other = client.post(
        reverse("portal:tracking"), {"code": dossier.code, "digits": "5678"}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


def test_digits_must_be_four_digits(dossier, client):
    response = _track(client, dossier.code, "56a8")
    assert response.status_code == 200
    assert response.context["form"].errors == {"digits": ["Nhập đúng 4 chữ số."]}
    assert "dossier" not in response.context
