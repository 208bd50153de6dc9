"""After submission: my dossiers, the supplement asked for, the result file, the receipt, the rating."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cqdt.dossiers.models import DossierPause, FileKind
from cqdt.dossiers.status import DossierStatus
from cqdt.dossiers.tests.helpers import PDF_BYTES
from cqdt.portal.models import Rating
from cqdt.portal.tests import dossiers as make
from cqdt.portal.tests import support

pytestmark = pytest.mark.django_db

RESULT_BYTES = PDF_BYTES.replace(b"%%EOF", b"% Phieu LLTP so 123\n%%EOF")


@pytest.fixture
def owner(world, client):
    user = support.citizen()
    client.force_login(user)
    return user


def test_my_dossiers_lists_own_dossiers_and_drafts(world, owner, client, django_assert_max_num_queries):
    dossier = make.submitted(world, owner)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:my_dossiers"))
    assert [d.code for d in response.context["page"]] == [dossier.code]
    assert "Mới đăng ký" in response.content.decode()


def test_supplement_shows_what_was_asked_and_resumes_the_clock(world, owner, client):
    dossier = make.supplement_requested(world, owner)
    page = client.get(reverse("portal:my_dossier", args=[dossier.code]))
    body = page.content.decode()
    assert "Cơ quan yêu cầu bổ sung hồ sơ" in body
    assert "Ảnh chụp căn cước bị mờ, không đọc được số." in body
    assert "<li>Bản chụp giấy tờ tùy thân</li>" in body
    response = client.post(
        reverse("portal:supplement", args=[dossier.code]),
        {"tp-TP2": [support.png("cccd-ro.png")], "note": "Gửi lại ảnh rõ"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert DossierPause.objects.get(dossier=dossier).ended_at is not None
    assert (
        dossier.files.filter(kind=FileKind.SUPPLEMENT).values_list("original_name", flat=True).get()
        == "cccd-ro.png"
    )


def test_supplement_without_files_or_with_a_bad_file_changes_nothing(world, owner, client):
    dossier = make.supplement_requested(world, owner)
    url = reverse("portal:supplement", args=[dossier.code])
    empty = client.post(url, {"note": "x"})
    assert empty.status_code == 400
    assert empty.context["supplement_errors"] == ["Vui lòng tải lên giấy tờ bổ sung."]
    bad = client.post(url, {"tp-TP2": [support.renamed_executable()]})
    assert bad.status_code == 400
    assert "không thuộc định dạng được chấp nhận" in bad.context["supplement_errors"][0]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert not dossier.files.filter(kind=FileKind.SUPPLEMENT).exists()


def test_supplement_when_none_was_asked_is_refused(world, owner, client):
    dossier = make.submitted(world, owner)
    response = client.post(reverse("portal:supplement", args=[dossier.code]), {"tp-TP2": [support.png()]})
    assert response.status_code == 400
    assert response.context["supplement_errors"] == ["Hồ sơ không có yêu cầu bổ sung nào đang chờ."]


def test_result_file_downloads_once_the_result_exists(world, owner, client):
    dossier = make.resolved(world, owner, result=SimpleUploadedFile("phieu-lltp.pdf", RESULT_BYTES))
    result = dossier.files.get(kind=FileKind.RESULT)
    page = client.get(reverse("portal:my_dossier", args=[dossier.code]))
    assert "Tải kết quả điện tử: phieu-lltp.pdf" in page.content.decode()
    response = client.get(reverse("portal:result_file", args=[dossier.code, result.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RESULT_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_a_submission_file_is_not_served_as_a_result(world, owner, client):
    dossier = make.resolved(world, owner)
    submission = dossier.files.filter(kind=FileKind.SUBMISSION).first()
    response = client.get(reverse("portal:result_file", args=[dossier.code, submission.public_id]))
    assert response.status_code == 404


def test_receipt_pdf_once_received(world, owner, client):
    dossier = make.submitted(world, owner)
    assert client.get(reverse("portal:receipt", args=[dossier.code])).status_code == 404
    from cqdt.dossiers import services

    services.dossier_accept_online(actor=world.counter_officer, dossier=dossier)
    response = client.get(reverse("portal:receipt", args=[dossier.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def _rating_post(**overrides):
    data = {f"item_{n}": "2" for n in range(1, 12)}
    data.update({"item_3": "1", "item_7": "0", "item_11": "1", "comment": "Cán bộ hướng dẫn rõ ràng."})
    data.update(overrides)
    return data


def test_rating_after_the_result(world, owner, client):
    dossier = make.resolved(world, owner)
    response = client.post(reverse("portal:rate", args=[dossier.code]), _rating_post())
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=dossier)
    assert rating.scores == {
        "1": 2,
        "2": 2,
        "3": 1,
        "4": 2,
        "5": 2,
        "6": 2,
        "7": 0,
        "8": 2,
        "9": 2,
        "10": 2,
        "11": 1,
    }
    assert rating.index_score == 15
    assert rating.satisfaction == 1
    assert rating.comment == "Cán bộ hướng dẫn rõ ràng."
    page = client.get(reverse("portal:my_dossier", args=[dossier.code])).content.decode()
    assert "Ông/Bà đã đánh giá: <strong>Hài lòng</strong> (điểm tiêu chí 1–9: 15/18, xếp loại Tốt)" in page
    again = client.post(reverse("portal:rate", args=[dossier.code]), _rating_post())
    assert again.status_code == 302
    assert Rating.objects.count() == 1


def test_rating_needs_every_item_and_a_result(world, owner, client):
    dossier = make.submitted(world, owner)
    early = client.post(reverse("portal:rate", args=[dossier.code]), _rating_post())
    assert early.status_code == 302
    assert not Rating.objects.exists()
    resolved = make.resolved(world, support.citizen("khac"))
    client.force_login(resolved.applicant_user)
    data = _rating_post()
    del data["item_5"]
    response = client.post(reverse("portal:rate", args=[resolved.code]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["item_5"] == ["Vui lòng chọn một mức đánh giá."]
    assert not Rating.objects.exists()
