"""Online submission through the pages: draft, e-form, uploads, review, submit; hostile uploads."""

from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cqdt.dossiers.models import Channel, Dossier, DossierFile, FileKind
from cqdt.dossiers.status import DossierStatus
from cqdt.notifications.models import Message
from cqdt.notifications.services import message_deliver
from cqdt.notifications.tests.support import Gateway, point_gateway_at
from cqdt.portal.models import Draft, DraftFile
from cqdt.portal.tests import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(world, client):
    support.open_world_online(world)
    user = support.citizen()
    client.force_login(user)
    return world, user


def _start(client, world) -> Draft:
    response = client.post(reverse("portal:submit", args=[world.procedure.code]), {"case": world.case.code})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert response["Location"] == reverse("portal:draft", args=[draft.public_id])
    return draft


def _details(world) -> dict[str, str]:
    return {**support.VALID_POST, "nn-handling_agency": str(world.department.public_id), "action": "next"}


def test_draft_is_prefilled_from_the_account(ready, client):
    world, _user = ready
    draft = _start(client, world)
    assert draft.handling_agency == world.department  # the procedure's only agency
    assert draft.applicant == {
        "name": "Trần Thị Dân",
        "applicant_type": "citizen",
        "id_number": "020090001234",
        "birth_date": "",
        "address_unit": None,
        "address": "",
        "phone": "0912345678",
        "email": "dan@example.vn",
    }
    page = client.get(reverse("portal:draft", args=[draft.public_id]))
    assert page.status_code == 200
    assert 'value="020090001234"' in page.content.decode()


def test_full_submission_creates_a_new_online_dossier_and_emails_its_code(
    ready, client, django_capture_on_commit_callbacks
):
    world, user = ready
    draft = _start(client, world)
    response = client.post(reverse("portal:draft", args=[draft.public_id]), _details(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:draft_files", args=[draft.public_id])
    draft.refresh_from_db()
    assert draft.form_data == support.VALID_FORM_DATA
    files_url = reverse("portal:draft_files", args=[draft.public_id])
    assert (
        client.post(files_url, {"component": "TP1", "files": [support.pdf("to-khai.pdf")]}).status_code == 302
    )
    assert client.post(files_url, {"component": "TP2", "files": [support.png("cccd.png")]}).status_code == 302
    assert DraftFile.objects.count() == 2
    review = client.get(reverse("portal:draft_review", args=[draft.public_id]))
    assert review.status_code == 200
    body = review.content.decode()
    assert "Giới tính" in body
    assert "Nữ" in body
    assert "12/04/1990" in body
    assert world.centre.name in body  # the provincial service centre receives for the department
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:draft_review", args=[draft.public_id]))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_dossier", args=[dossier.code])
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.channel == Channel.ONLINE
    assert dossier.receiving_unit == world.centre
    assert dossier.handling_agency == world.department
    assert dossier.applicant_user == user
    assert dossier.applicant_phone == "0912345678"
    assert dossier.form_data == support.VALID_FORM_DATA
    stored = sorted(
        (f.component.name, f.original_name, f.kind) for f in DossierFile.objects.select_related("component")
    )
    assert stored == [
        ("Bản chụp giấy tờ tùy thân", "cccd.png", FileKind.SUBMISSION),
        ("Tờ khai yêu cầu cấp Phiếu LLTP", "to-khai.pdf", FileKind.SUBMISSION),
    ]
    assert not Draft.objects.exists()
    assert not DraftFile.objects.exists()
    message = Message.objects.get(template="dossiers/submitted")
    assert message.recipient == "dan.tt@example.vn"
    assert message.subject == f"Đã nộp hồ sơ trực tuyến {dossier.code}"
    assert f"- Mã hồ sơ: {dossier.code}" in message.body_text
    assert f"https://dichvucong.example.vn/tra-cuu/{dossier.code}" in message.body_text
    assert mail.outbox == []  # delivered by the worker, not in the request


def test_the_staff_inbox_receives_the_submission(ready, client):
    from cqdt.dossiers.selectors import Box, box_queryset

    world, _user = ready
    draft = _start(client, world)
    client.post(reverse("portal:draft", args=[draft.public_id]), _details(world))
    files_url = reverse("portal:draft_files", args=[draft.public_id])
    client.post(files_url, {"component": "TP1", "files": [support.pdf(), support.pdf("to-khai-2.pdf")]})
    client.post(files_url, {"component": "TP2", "files": [support.png()]})
    client.post(reverse("portal:draft_review", args=[draft.public_id]))
    assert [d.applicant_name for d in box_queryset(world.counter_officer, Box.TO_RECEIVE)] == ["Trần Thị Dân"]


def test_submission_also_texts_the_code_when_an_sms_gateway_is_configured(ready, client, settings):
    world, _user = ready
    draft = _start(client, world)
    client.post(reverse("portal:draft", args=[draft.public_id]), _details(world))
    files_url = reverse("portal:draft_files", args=[draft.public_id])
    client.post(files_url, {"component": "TP1", "files": [support.pdf()]})
    client.post(files_url, {"component": "TP2", "files": [support.png()]})
    with Gateway() as gateway:
        point_gateway_at(settings, "sms", gateway.url)
        settings.CQDT_ZALO_URL = ""
        client.post(reverse("portal:draft_review", args=[draft.public_id]))
        dossier = Dossier.objects.get()
        email, sms = Message.objects.filter(template="dossiers/submitted").order_by("pk")
        message_deliver(message_id=sms.pk)

    assert (email.channel, email.recipient) == ("email", "dan.tt@example.vn")
    assert (sms.channel, sms.recipient) == ("sms", "0912345678")
    assert dossier.submitted_at is not None
    submitted_at = timezone.localtime(dossier.submitted_at, ZoneInfo("Asia/Ho_Chi_Minh"))
    text = (
        f"Hồ sơ {dossier.code} đã được nộp trực tuyến đến {world.department.name} lúc "
        f"{submitted_at:%d/%m/%Y %H:%M}, đang chờ tiếp nhận.\n"
        f"Tra cứu: https://dichvucong.example.vn/tra-cuu/{dossier.code}"
    )
    assert sms.body_text == text
    assert gateway.bodies == [
        {
            "channel": "sms",
            "sender": "UBND-LANGSON",
            "to": "84912345678",
            "text": text,
            "reference": str(sms.public_id),
        }
    ]


def test_schema_errors_are_shown_next_to_their_fields_and_the_draft_is_kept(ready, client):
    world, _user = ready
    draft = _start(client, world)
    data = {**_details(world), "ef-so_ban": "0", "ef-nguoi_yeu_cau-ho_ten": "", "ef-noi_cu_tru-0-dia_chi": ""}
    response = client.post(reverse("portal:draft", args=[draft.public_id]), data)
    assert response.status_code == 400
    eform = response.context["eform"]
    assert eform.items_by_path[("so_ban",)].errors == ["«Số bản» phải lớn hơn hoặc bằng 1."]
    assert eform.items_by_path[("nguoi_yeu_cau", "ho_ten")].errors == [
        "«Người yêu cầu › Họ và tên» là bắt buộc."
    ]
    draft.refresh_from_db()
    assert draft.form_data["so_ban"] == 0  # saved as typed, checked again at submission
    # the empty first row of the repeater was dropped, its filled "from year" kept
    assert draft.form_data["noi_cu_tru"] == [{"tu_nam": 2010}]


def test_add_row_without_javascript_keeps_what_was_typed(ready, client):
    world, _user = ready
    draft = _start(client, world)
    data = {**_details(world), "ef-add": "ef-noi_cu_tru"}
    data.pop("action")
    response = client.post(reverse("portal:draft", args=[draft.public_id]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="ef-noi_cu_tru-rows" value="3"' in body
    assert 'name="ef-noi_cu_tru-2-dia_chi"' in body
    assert 'value="Phường Tam Thanh"' in body
    draft.refresh_from_db()
    assert draft.form_data == {}  # adding a row does not save


def test_save_draft_accepts_incomplete_data(ready, client):
    world, _user = ready
    draft = _start(client, world)
    data = {"nn-applicant_type": "citizen", "nn-name": "Trần Thị Dân", "ef-so_ban": "3", "action": "save"}
    response = client.post(reverse("portal:draft", args=[draft.public_id]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.form_data == {"nguoi_yeu_cau": {}, "so_ban": 3}
    assert draft.handling_agency is None


def test_review_lists_what_is_missing_and_submission_is_refused(ready, client):
    world, _user = ready
    draft = _start(client, world)
    response = client.post(reverse("portal:draft_review", args=[draft.public_id]))
    assert response.status_code == 400
    errors = response.context["submit_errors"]
    assert "Chưa tải lên “Tờ khai yêu cầu cấp Phiếu LLTP”." in errors
    assert "Chưa tải lên “Bản chụp giấy tờ tùy thân”." in errors
    assert "«Số bản» là bắt buộc." in errors
    assert not Dossier.objects.exists()


def test_unverified_email_account_cannot_submit(world, client):
    support.open_world_online(world)
    user = support.citizen("chua", verified=False)
    client.force_login(user)
    draft = _start(client, world)
    client.post(reverse("portal:draft", args=[draft.public_id]), _details(world))
    files_url = reverse("portal:draft_files", args=[draft.public_id])
    client.post(files_url, {"component": "TP1", "files": [support.pdf()]})
    client.post(files_url, {"component": "TP2", "files": [support.png()]})
    response = client.post(reverse("portal:draft_review", args=[draft.public_id]))
    assert response.status_code == 400
    assert response.context["submit_errors"] == ["Vui lòng xác thực địa chỉ thư điện tử trước khi nộp hồ sơ."]
    assert not Dossier.objects.exists()


def test_procedure_without_online_service_cannot_be_started(world, client):
    world.procedure.online_service = "none"
    world.procedure.save(update_fields=["online_service"])
    client.force_login(support.citizen())
    response = client.post(reverse("portal:submit", args=[world.procedure.code]), {"case": world.case.code})
    assert response.status_code == 400
    assert response.context["error"] == (
        "Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp."
    )
    assert not Draft.objects.exists()


def test_remove_a_draft_file_deletes_it_from_storage(ready, client, django_capture_on_commit_callbacks):
    world, _user = ready
    draft = _start(client, world)
    client.post(
        reverse("portal:draft_files", args=[draft.public_id]), {"component": "TP1", "files": [support.pdf()]}
    )
    row = DraftFile.objects.get()
    storage, name = row.file.storage, row.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:draft_file_remove", args=[draft.public_id, row.public_id]))
    assert response.status_code == 302
    assert not DraftFile.objects.exists()
    assert not storage.exists(name)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            support.renamed_executable,
            "Tệp “giay-to.pdf” không thuộc định dạng được chấp nhận (PDF, JPG, PNG, DOCX, XLSX); "
            "định dạng được xác định theo nội dung tệp, không theo tên tệp.",
        ),
        (
            support.pdf_with_javascript,
            "Tệp PDF “don.pdf” chứa mã thực thi hoặc tệp nhúng; vui lòng nộp bản PDF thông thường.",
        ),
        (
            support.zip_bomb,
            "Tệp có dấu hiệu “bom nén” (dung lượng giải nén bất thường); tệp bị từ chối.",
        ),
    ],
)
def test_hostile_uploads_are_refused_in_vietnamese_and_nothing_is_stored(
    ready, client, make, message, settings
):
    world, _user = ready
    draft = _start(client, world)
    url = reverse("portal:draft_files", args=[draft.public_id])
    response = client.post(url, {"component": "TP1", "files": [support.pdf("tot.pdf"), make()]})
    assert response.status_code == 400
    assert response.context["errors"] == {"TP1": [message]}
    assert message in response.content.decode()
    assert not DraftFile.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_oversized_upload_is_refused(ready, client, settings):
    settings.CQDT_UPLOAD_MAX_BYTES = 1024
    world, _user = ready
    draft = _start(client, world)
    url = reverse("portal:draft_files", args=[draft.public_id])
    response = client.post(url, {"component": "TP1", "files": [support.oversized(2048)]})
    assert response.status_code == 400
    assert response.context["errors"] == {"TP1": ["Tệp “lon.pdf” vượt quá dung lượng cho phép (1 KB)."]}
    assert not DraftFile.objects.exists()
