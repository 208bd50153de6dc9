"""POST /api/v1/tracking: the public lookup as JSON, its cached snapshot, and the snapshot's invalidation."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.api import api
from cqdt.dossiers import services
from cqdt.dossiers.selectors import dossier_tracking_snapshot
from cqdt.portal.api import TrackingOut
from cqdt.portal.tests import dossiers as make
from cqdt.portal.tests import support

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/tracking"


@pytest.fixture(autouse=True)
def _project_urls(settings):
    settings.ROOT_URLCONF = "cqdt.urls"


@pytest.fixture
def dossier(world):
    return make.supplement_requested(world, support.citizen())


def _track(client, code, digits, **extra):
    return client.post(URL, {"code": code, "digits": digits}, content_type="application/json", **extra)


def test_right_digits_give_status_and_plain_timeline(dossier, client):
    response = _track(client, f"  {dossier.code.lower()} ", "1234")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code
    assert body["procedure"] == dossier.procedure.name
    assert body["agency"] == dossier.handling_agency.name
    assert body["status"] == 5
    assert body["status_label"] == "Yêu cầu bổ sung giấy tờ"
    assert [entry["text"] for entry in body["timeline"]] == [
        "Hồ sơ đã được nộp trực tuyến, đang chờ cán bộ một cửa kiểm tra và tiếp nhận.",
        "Hồ sơ trực tuyến đã được tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh.",
        "Cơ quan giải quyết yêu cầu bổ sung, hoàn thiện hồ sơ. Thời hạn giải quyết tạm dừng.",
    ]
    assert body["timeline"][2]["detail"] == "Ảnh chụp căn cước bị mờ, không đọc được số."
    assert dossier.applicant_name not in response.content.decode()
    assert "0912345678" not in response.content.decode()


def test_the_answer_is_what_validating_it_would_render(dossier, client):
    """Rendered without ninja's validation: validating the answer against TrackingOut changes nothing."""
    response = _track(client, dossier.code, "1234")
    body = response.json()
    assert len(body["timeline"]) == 3
    assert body["received_at"] is not None
    assert body["appointment_at"] is not None
    validated = TrackingOut.model_validate(body).model_dump()
    assert response.content == api.renderer.render(None, validated, response_status=200).encode()
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_wrong_digits_and_unknown_code_get_the_same_problem(dossier, client):
    wrong = _track(client, dossier.code, "0000")
    unknown = _track(client, "000.00.30.H99-260101-9999", "5678")
    odd = _track(client, "a code with spaces", "5678")
    assert wrong.status_code == unknown.status_code == odd.status_code == 404
    assert wrong["Content-Type"] == "application/problem+json"
    assert wrong.json()["detail"] == unknown.json()["detail"] == odd.json()["detail"]
    assert wrong.json()["detail"].startswith("Không tìm thấy hồ sơ khớp với mã hồ sơ")
    assert dossier.procedure.name not in wrong.content.decode()


def test_digits_must_be_four_digits(dossier, client):
    response = _track(client, dossier.code, "56a8")
    assert response.status_code == 400
    assert response.json()["errors"][0]["location"].endswith("digits")


def test_attempts_are_limited_per_address(dossier, client, settings):
    settings.CQDT_TRACKING_RATE_LIMIT = "2/600"
    assert _track(client, dossier.code, "0000").status_code == 404
    assert _track(client, dossier.code, "5678").status_code == 200
    blocked = _track(client, dossier.code, "5678")
    assert blocked.status_code == 429
    assert (
        blocked.json()["detail"]
        == "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."
    )
    assert _track(client, dossier.code, "5678", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_snapshot_is_cached_then_forgotten_when_the_dossier_changes(dossier, world, client):
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert dossier_tracking_snapshot(code=dossier.code).status == 5
    with CaptureQueriesContext(connection) as second:
        assert dossier_tracking_snapshot(code=dossier.code).status == 5
    assert len(first) == 2  # the dossier, its history
    assert len(second) == 0

    services.dossier_register_supplement(actor=world.counter_officer, dossier=dossier, note="Đã nộp ảnh rõ.")
    body = _track(client, dossier.code, "5678").json()
    assert body["status"] == 2  # back to where it was before the pause
    assert body["timeline"][-1]["text"] == (
        "Hồ sơ bổ sung đã được tiếp nhận; thời hạn giải quyết được tính tiếp."
    )


def test_a_change_that_rolls_back_keeps_the_snapshot(dossier, world):
    from django.db import transaction

    class Abandoned(Exception):
        pass

    def withdraw_then_fail() -> None:
        with transaction.atomic():
            services.dossier_withdraw(actor=world.counter_officer, dossier=dossier, reason="Xin rút.")
            raise Abandoned

    before = dossier_tracking_snapshot(code=dossier.code)
    with pytest.raises(Abandoned):
        withdraw_then_fail()
    assert dossier_tracking_snapshot(code=dossier.code) == before
