"""The slips Mẫu 01–05 as PDFs: their text (read back with pypdf), fonts, QR code and query counts."""

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import segno
from django.test import override_settings
from pypdf import PdfReader

from cqdt.agencies.models import AdministrativeUnit, AdministrativeUnitKind
from cqdt.core.qr import qr_matrix
from cqdt.dossiers.models import (
    Apology,
    ApologyStatus,
    Channel,
    Dossier,
    DossierComponent,
    DossierHistory,
    DossierPause,
    DossierStep,
    PauseReason,
    ReturnMethod,
    Timeliness,
)
from cqdt.dossiers.slips import (
    data,
    render_apology,
    render_process_control,
    render_receipt,
    render_refusal,
    render_supplement_request,
)
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.factories import World, make_world

pytestmark = pytest.mark.django_db

CODE = "000.00.30.H99-260105-0007"
RECEIVED = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)  # 08:30, 05/01/2026 in Vietnam
DUE = datetime(2026, 1, 8, 9, 30, tzinfo=UTC)  # 16:30, 08/01/2026


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in January 2026 given in Vietnam time (UTC+7)."""
    return datetime(2026, 1, day, hour - 7, minute, tzinfo=UTC)


def make_dossier(world: World, **overrides: object) -> Dossier:
    fields: dict[str, object] = {
        "code": CODE,
        "procedure": world.procedure,
        "case": world.case,
        "receiving_unit": world.centre,
        "handling_agency": world.department,
        "channel": Channel.IN_PERSON,
        "status": DossierStatus.RECEIVED,
        "applicant_name": "Phạm Thị Hường",
        "applicant_id_number": "038190012345",
        "applicant_address": "Số 12 đường Lê Lợi, phường Điện Biên",
        "applicant_phone": "0912345678",
        "applicant_email": "huong.pt@example.vn",
        "summary": "Đề nghị cấp Phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ xin việc",
        "set_count": 1,
        "received_at": RECEIVED,
        "due_at": DUE,
    }
    fields.update(overrides)
    dossier = Dossier.objects.create(**fields)
    DossierComponent.objects.create(
        dossier=dossier, position=1, name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", originals=1
    )
    DossierComponent.objects.create(
        dossier=dossier, position=2, name="Bản chụp Căn cước công dân còn giá trị sử dụng", copies=2
    )
    DossierHistory.objects.create(
        dossier=dossier,
        at=RECEIVED,
        actor=world.counter_officer,
        action=Action.RECEIVE,
        to_status=DossierStatus.RECEIVED,
        to_unit=world.centre,
    )
    return dossier


def update_user(user: Any, **fields: str) -> None:
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))


@pytest.fixture
def world() -> World:
    world = make_world()
    update_user(world.counter_officer, full_name="Lê Văn Tiếp", phone="02373851234")
    update_user(world.specialist, full_name="Ngô Thị Lan")
    update_user(world.section_head, full_name="Trịnh Quốc Bảo")
    update_user(world.agency_head, full_name="Hoàng Minh Đức")
    world.province.administrative_unit = AdministrativeUnit.objects.create(
        statistical_code="99", name="Tỉnh Thử Nghiệm", kind=AdministrativeUnitKind.PROVINCE
    )
    world.province.save(update_fields=["administrative_unit"])
    return world


@pytest.fixture
def dossier(world: World) -> Dossier:
    return make_dossier(world)


def squash(text: str) -> str:
    """NFC text without white space, so where the PDF breaks a line does not decide a test."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def pdf_text(pdf: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def assert_shows(pdf: bytes, *expected: str) -> None:
    text = pdf_text(pdf)
    missing = [e for e in expected if squash(e) not in text]
    assert not missing, f"not in the PDF: {missing}"


def add_process(world: World, dossier: Dossier) -> None:
    """Steps and hand-offs of a dossier that went desk → specialist → section head and was sent back."""
    steps = [
        (1, "Tiếp nhận, chuyển hồ sơ", world.centre, world.counter_officer, utc(5, 9), Timeliness.EARLY),
        (2, "Thẩm định hồ sơ", world.section, world.specialist, utc(7, 15), Timeliness.ON_TIME),
        (3, "Phê duyệt kết quả", world.section, world.section_head, utc(8, 10), Timeliness.LATE),
        (4, "Ban hành, đóng dấu kết quả", world.department, world.clerk, None, ""),
        (5, "Xác minh thông tin liên quan", world.other_department, world.outsider, None, ""),
    ]
    for position, name, agency, assignee, finished, timeliness in steps:
        DossierStep.objects.create(
            dossier=dossier,
            position=position,
            name=name,
            role="specialist",
            agency=agency,
            allotted_hours=Decimal(4),
            assignee=assignee,
            finished_at=finished,
            timeliness=timeliness,
        )
    handoffs = [
        (
            utc(5, 9),
            Action.FORWARD,
            world.counter_officer,
            world.centre,
            world.section,
            world.specialist,
            0,
            "",
        ),
        (
            utc(7, 15),
            Action.FORWARD,
            world.specialist,
            world.section,
            world.section,
            world.section_head,
            1,
            "",
        ),
        (
            utc(8, 10, 15),
            Action.SEND_BACK,
            world.section_head,
            world.section,
            world.section,
            world.specialist,
            2,
            "Bổ sung ý kiến thẩm định về nhân thân",
        ),
    ]
    for at, action, actor, from_unit, to_unit, to_user, step, reason in handoffs:
        DossierHistory.objects.create(
            dossier=dossier,
            at=at,
            actor=actor,
            action=action,
            from_status=DossierStatus.PROCESSING,
            to_status=DossierStatus.PROCESSING,
            from_unit=from_unit,
            to_unit=to_unit,
            to_user=to_user,
            step_name=steps[step][1],
            step_timeliness=steps[step][5],
            reason=reason,
        )
    # not a hand-off: a step deadline adjustment does not appear on Mẫu 05
    DossierHistory.objects.create(
        dossier=dossier,
        at=utc(7, 16),
        actor=world.section_head,
        action=Action.ADJUST_DEADLINE,
        to_status=DossierStatus.PROCESSING,
        to_unit=world.section,
        reason="Điều chỉnh hạn xử lý bước",
    )


def make_pause(world: World, dossier: Dossier) -> DossierPause:
    return DossierPause.objects.create(
        dossier=dossier,
        reason=PauseReason.SUPPLEMENT,
        started_at=utc(6, 14, 5),
        explanation="Tờ khai chưa ghi đủ thông tin về nơi cư trú trước đây",
        requested_components=[
            {"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "note": "Ghi đủ nơi cư trú từ năm 2010"},
            "Bản chụp sổ hộ khẩu hoặc giấy xác nhận thông tin về cư trú",
        ],
        requested_by=world.counter_officer,
    )


def make_apology(world: World, dossier: Dossier, *, approved: bool) -> Apology:
    return Apology.objects.create(
        dossier=dossier,
        reason="Cơ quan công an chưa có kết quả xác minh nhân thân",
        previous_due_at=DUE,
        new_due_at=utc(13, 16, 30),
        status=ApologyStatus.APPROVED if approved else ApologyStatus.DRAFT,
        drafted_by=world.specialist,
        decided_by=world.agency_head if approved else None,
        decided_at=utc(8, 9) if approved else None,
    )


HEADER = (
    "UBND TỈNH THỬ NGHIỆM",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
)
APPLICANT = (
    "Phạm Thị Hường",
    "Địa chỉ: Số 12 đường Lê Lợi, phường Điện Biên",
    "Số điện thoại: 0912345678",
    "Thư điện tử: huong.pt@example.vn",
    "Nội dung yêu cầu giải quyết: Đề nghị cấp Phiếu lý lịch tư pháp số 1 để bổ sung hồ sơ xin việc",
    "Thủ tục hành chính: Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
)


# --- Mẫu 01 ---------------------------------------------------------------------------------------------


def test_receipt_shows_the_dossier(dossier: Dossier) -> None:
    pdf = render_receipt(dossier)

    assert_shows(
        pdf,
        *HEADER,
        *APPLICANT,
        "Thử Nghiệm, ngày 05 tháng 01 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        "Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ của: Phạm Thị Hường",
        "Số giấy tờ tùy thân: 038190012345",
        "Hình thức nộp hồ sơ: Trực tiếp",
        "1. Thành phần hồ sơ nộp gồm:",
        "TT Tên giấy tờ Bản chính Bản sao",
        "1 Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp 1 0",
        "2 Bản chụp Căn cước công dân còn giá trị sử dụng 0 2",
        "2. Số lượng hồ sơ: 01 bộ.",
        "3. Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc.",
        "4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 05/01/2026.",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 08/01/2026.",
        "6. Nơi nhận kết quả: Trung tâm Phục vụ hành chính công tỉnh.",
        "NGƯỜI NỘP HỒ SƠ (Ký và ghi rõ họ tên) Phạm Thị Hường",
        "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Lê Văn Tiếp",
        "Quét mã để tra cứu tình trạng hồ sơ",
    )
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_receipt_names_the_representative_and_the_chosen_return_method(world: World) -> None:
    dossier = make_dossier(
        world,
        representative={"name": "Đỗ Văn Thành", "id_number": "001085000111"},
        return_method=ReturnMethod.POST,
        return_note="gửi về địa chỉ thường trú",
        set_count=2,
    )

    assert_shows(
        render_receipt(dossier),
        "tiếp nhận hồ sơ của: Phạm Thị Hường",
        "Người nộp hồ sơ theo ủy quyền: Đỗ Văn Thành",
        "NGƯỜI NỘP HỒ SƠ (Ký và ghi rõ họ tên) Đỗ Văn Thành",
        "Số lượng hồ sơ: 02 bộ.",
        "Nơi nhận kết quả: Trả qua dịch vụ bưu chính công ích (gửi về địa chỉ thường trú).",
    )


def test_receipt_without_an_appointment_says_so(world: World) -> None:
    world.case.time_limit_amount = None
    world.case.time_limit_unit = ""
    world.case.save(update_fields=["time_limit_amount", "time_limit_unit"])
    dossier = make_dossier(world, due_at=None)

    assert_shows(
        render_receipt(dossier),
        "Thời gian giải quyết hồ sơ theo quy định: Không có ngày hẹn trả.",
        "Thời gian trả kết quả giải quyết hồ sơ: Không có ngày hẹn trả.",
    )


def test_receipt_times_are_in_vietnam_time_across_midnight_utc(world: World) -> None:
    # 17:10 UTC on 5 January is 00:10 on 6 January in Hà Nội
    dossier = make_dossier(world, received_at=datetime(2026, 1, 5, 17, 10, tzinfo=UTC))

    assert_shows(
        render_receipt(dossier),
        "Thử Nghiệm, ngày 06 tháng 01 năm 2026",
        "Thời gian nhận hồ sơ: 00 giờ 10 phút, ngày 06/01/2026.",
    )


def test_a_long_component_list_flows_onto_a_second_page(world: World) -> None:
    dossier = make_dossier(world)
    for n in range(3, 31):
        DossierComponent.objects.create(
            dossier=dossier, position=n, name=f"Giấy tờ chứng minh số {n}", copies=1
        )

    pdf = render_receipt(dossier)

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    assert_shows(pdf, "30 Giấy tờ chứng minh số 30 0 1", "NGƯỜI TIẾP NHẬN HỒ SƠ")


def test_receipt_qr_code_encodes_the_public_tracking_url(dossier: Dossier) -> None:
    slip = data.receipt_data(dossier)

    assert slip["tracking_url"] == f"http://127.0.0.1:8000/tra-cuu/{CODE}"
    symbol = segno.make_qr(slip["tracking_url"], error="m", boost_error=False)
    assert qr_matrix(slip["tracking_url"]) == [[bool(m) for m in row] for row in symbol.matrix]
    assert slip["qr_svg"].count('class="qrline"') == 1
    assert f'width="{len(symbol.matrix) + 8}"' in slip["qr_svg"]


@override_settings(CQDT_PUBLIC_BASE_URL="https://dichvucong.example.vn/")
def test_tracking_url_follows_the_setting(dossier: Dossier) -> None:
    assert data.tracking_url(CODE) == f"https://dichvucong.example.vn/tra-cuu/{CODE}"
    assert data.tracking_url("A B/C") == "https://dichvucong.example.vn/tra-cuu/A%20B%2FC"


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="needs zbarimg (Debian zbar-tools) and pdftoppm (poppler-utils)",
)
def test_printed_qr_code_scans_to_the_tracking_url(dossier: Dossier, tmp_path: Path) -> None:
    (tmp_path / "receipt.pdf").write_bytes(render_receipt(dossier))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", "receipt.pdf", "page"],  # noqa: S607
        cwd=tmp_path,
        check=True,
    )

    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "page.png"],  # noqa: S607
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )

    assert scanned.stdout.strip().splitlines() == [f"http://127.0.0.1:8000/tra-cuu/{CODE}"]


def test_receipt_reads_in_a_fixed_number_of_queries(world: World, django_assert_num_queries: Any) -> None:
    dossier = make_dossier(world)
    for n in range(3, 13):
        DossierComponent.objects.create(dossier=dossier, position=n, name=f"Giấy tờ {n}", copies=1)

    # dossier with its relations, components, the agency's ancestry, the receiving officer
    with django_assert_num_queries(4):
        slip = data.receipt_data(dossier)

    assert len(slip["components"]) == 12


# --- Mẫu 02 ---------------------------------------------------------------------------------------------


def test_supplement_request_lists_what_to_add_and_why(world: World, dossier: Dossier) -> None:
    pause = make_pause(world, dossier)

    assert_shows(
        render_supplement_request(dossier, pause),
        *HEADER,
        *APPLICANT,
        "Thử Nghiệm, ngày 06 tháng 01 năm 2026",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {CODE}",
        "Hồ sơ của: Phạm Thị Hường",
        "đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
        "1 Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp Ghi đủ nơi cư trú từ năm 2010",
        "2 Bản chụp sổ hộ khẩu hoặc giấy xác nhận thông tin về cư trú",
        "Lý do: Tờ khai chưa ghi đủ thông tin về nơi cư trú trước đây",
        "liên hệ với Lê Văn Tiếp, số điện thoại 02373851234, để được hướng dẫn.",
        "trực tuyến tại http://127.0.0.1:8000, ghi rõ mã hồ sơ 000.00.30.H99-260105-0007.",
        "NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên) Lê Văn Tiếp",
    )


def test_supplement_request_falls_back_to_the_unit_phone(world: World, dossier: Dossier) -> None:
    update_user(world.counter_officer, phone="")
    world.centre.phone = "02373999888"
    world.centre.save(update_fields=["phone"])

    slip = data.supplement_request_data(dossier, make_pause(world, dossier))

    assert slip["officer_phone"] == "02373999888"


def test_supplement_request_without_any_phone_leaves_the_phone_out(world: World, dossier: Dossier) -> None:
    update_user(world.counter_officer, phone="")

    pdf = render_supplement_request(dossier, make_pause(world, dossier))

    assert_shows(pdf, "liên hệ với Lê Văn Tiếp để được hướng dẫn.")
    assert squash("số điện thoại") not in pdf_text(pdf)  # the applicant's line is "Số điện thoại: …"


def test_supplement_request_rejects_a_pause_of_another_dossier(world: World, dossier: Dossier) -> None:
    other = make_dossier(world, code="000.00.30.H99-260105-0008")

    with pytest.raises(DossierPause.DoesNotExist):
        data.supplement_request_data(dossier, make_pause(world, other))


# --- Mẫu 03 ---------------------------------------------------------------------------------------------


def test_refusal_states_the_reason_and_who_refused(world: World) -> None:
    dossier = make_dossier(
        world, status=DossierStatus.NOT_RECEIVED, channel=Channel.ONLINE, submitted_at=utc(4, 21, 45)
    )
    DossierHistory.objects.create(
        dossier=dossier,
        at=utc(5, 10),
        actor=world.counter_officer,
        action=Action.REFUSE_RECEPTION,
        from_status=DossierStatus.SUBMITTED,
        to_status=DossierStatus.NOT_RECEIVED,
        reason="Không thuộc thẩm quyền",
    )
    reason = "Hồ sơ thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã nơi cư trú."

    assert_shows(
        render_refusal(dossier, reason),
        *HEADER,
        *APPLICANT,
        "Thử Nghiệm, ngày 05 tháng 01 năm 2026",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {CODE}",
        "Hình thức nộp hồ sơ: Trực tuyến",
        "Thời gian nộp hồ sơ: 21 giờ 45 phút, ngày 04/01/2026",
        "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: " + reason,
        "Xin thông báo để Ông/Bà được biết và thực hiện./.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Lê Văn Tiếp",
    )


# --- Mẫu 04 ---------------------------------------------------------------------------------------------


def test_approved_apology_gives_the_new_appointment(world: World, dossier: Dossier) -> None:
    pdf = render_apology(make_apology(world, dossier, approved=True))

    assert_shows(
        pdf,
        "UBND TỈNH THỬ NGHIỆM",
        "SỞ TƯ PHÁP",
        "Thử Nghiệm, ngày 08 tháng 01 năm 2026",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        "Kính gửi: Phạm Thị Hường",
        "Ngày 05/01/2026, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ của Ông/Bà",
        "đã hẹn là 16 giờ 30 phút, ngày 08/01/2026.",
        "Sở Tư pháp chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời hạn như đã hẹn.",
        "Lý do: Cơ quan công an chưa có kết quả xác minh nhân thân",
        "hẹn trả kết quả giải quyết hồ sơ vào 16 giờ 30 phút, ngày 13/01/2026.",
        "THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu) Hoàng Minh Đức",
    )
    assert squash("DỰ THẢO") not in pdf_text(pdf)


def test_draft_apology_is_marked_and_unsigned(world: World, dossier: Dossier) -> None:
    pdf = render_apology(make_apology(world, dossier, approved=False))

    assert_shows(pdf, "DỰ THẢO", "THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu)")
    assert (
        data.apology_data(make_apology(world, make_dossier(world, code="X-2"), approved=False))["signer"]
        == ""
    )


def test_apology_to_an_organisation_does_not_say_ong_ba(world: World) -> None:
    dossier = make_dossier(world, applicant_type="enterprise", applicant_name="Công ty TNHH Sao Mai")

    pdf = render_apology(make_apology(world, dossier, approved=True))

    assert_shows(
        pdf, "Kính gửi: Công ty TNHH Sao Mai", "Mong nhận được sự thông cảm của Quý cơ quan, tổ chức./."
    )
    assert squash("Ông/Bà") not in pdf_text(pdf)


# --- Mẫu 05 ---------------------------------------------------------------------------------------------


def test_process_control_has_one_row_per_hand_off(world: World, dossier: Dossier) -> None:
    add_process(world, dossier)

    slip = data.process_control_data(dossier)

    assert slip["partners"] == ["Sở Xây dựng"]
    assert slip["rows"] == [
        {
            "giver_unit": "Trung tâm Phục vụ hành chính công tỉnh",
            "giver": "Lê Văn Tiếp",
            "receiver_unit": "Phòng Hành chính tư pháp",
            "receiver": "Ngô Thị Lan",
            "at": "09 giờ 00 phút, ngày 05/01/2026",
            "step": "Tiếp nhận, chuyển hồ sơ",
            "result": "Trước hạn",
            "note": "",
        },
        {
            "giver_unit": "Phòng Hành chính tư pháp",
            "giver": "Ngô Thị Lan",
            "receiver_unit": "Phòng Hành chính tư pháp",
            "receiver": "Trịnh Quốc Bảo",
            "at": "15 giờ 00 phút, ngày 07/01/2026",
            "step": "Thẩm định hồ sơ",
            "result": "Đúng hạn",
            "note": "",
        },
        {
            "giver_unit": "Phòng Hành chính tư pháp",
            "giver": "Trịnh Quốc Bảo",
            "receiver_unit": "Phòng Hành chính tư pháp",
            "receiver": "Ngô Thị Lan",
            "at": "10 giờ 15 phút, ngày 08/01/2026",
            "step": "Phê duyệt kết quả",
            "result": "Quá hạn",
            "note": "Trả lại bước trước. Bổ sung ý kiến thẩm định về nhân thân",
        },
    ]


def test_process_control_pdf(world: World, dossier: Dossier) -> None:
    add_process(world, dossier)
    Dossier.objects.filter(pk=dossier.pk).update(rescheduled_due_at=utc(13, 16, 30))

    pdf = render_process_control(dossier)

    assert_shows(
        pdf,
        *HEADER,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {CODE}",
        "Kèm theo hồ sơ của: Phạm Thị Hường",
        "Ngày nhận hồ sơ: 05/01/2026",
        "Ngày hẹn trả kết quả: 16 giờ 30 phút, ngày 08/01/2026",
        "Hẹn trả lại theo phiếu xin lỗi: 16 giờ 30 phút, ngày 13/01/2026",
        "Cơ quan giải quyết hồ sơ: Sở Tư pháp",
        "Cơ quan phối hợp giải quyết hồ sơ: Sở Xây dựng",
        "TÊN CƠ QUAN THỜI GIAN GIAO, NHẬN HỒ SƠ KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "(Trước hạn/ Đúng hạn/ Quá hạn) GHI CHÚ",
        "Giao: Trung tâm Phục vụ hành chính công tỉnh (Lê Văn Tiếp)",
        "Nhận: Phòng Hành chính tư pháp (Ngô Thị Lan) Tiếp nhận, chuyển hồ sơ"
        " 09 giờ 00 phút, ngày 05/01/2026 Trước hạn",
        "Thẩm định hồ sơ 15 giờ 00 phút, ngày 07/01/2026 Đúng hạn",
        "Phê duyệt kết quả 10 giờ 15 phút, ngày 08/01/2026 Quá hạn Trả lại bước trước.",
    )
    assert squash("Điều chỉnh hạn xử lý bước") not in pdf_text(pdf)


def test_process_control_takes_timeliness_from_the_step_when_history_lacks_it(
    world: World, dossier: Dossier
) -> None:
    add_process(world, dossier)
    DossierHistory.objects.filter(dossier=dossier, step_name="Thẩm định hồ sơ").update(step_timeliness="")

    rows = data.process_control_data(dossier)["rows"]

    assert [r["result"] for r in rows] == ["Trước hạn", "Đúng hạn", "Quá hạn"]


def test_process_control_shows_the_return_to_the_applicant(world: World, dossier: Dossier) -> None:
    DossierHistory.objects.create(
        dossier=dossier,
        at=utc(8, 15),
        actor=world.counter_officer,
        action=Action.RETURN_RESULT,
        from_status=DossierStatus.RESOLVED,
        to_status=DossierStatus.RETURNED,
        from_unit=world.centre,
    )

    rows = data.process_control_data(dossier)["rows"]

    assert [(r["giver_unit"], r["receiver_unit"], r["note"]) for r in rows] == [
        ("Trung tâm Phục vụ hành chính công tỉnh", "Phạm Thị Hường", "Trả kết quả")
    ]


def test_process_control_without_hand_offs_says_so(dossier: Dossier) -> None:
    assert_shows(render_process_control(dossier), "Hồ sơ chưa được chuyển giao lần nào.")


def test_process_control_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    dossier = make_dossier(world)
    add_process(world, dossier)
    add_process(world, make_dossier(world, code="000.00.30.H99-260105-0009"))
    for _ in range(5):
        DossierHistory.objects.create(
            dossier=dossier,
            at=utc(8, 11),
            actor=world.specialist,
            action=Action.FORWARD,
            to_status=DossierStatus.PROCESSING,
            from_unit=world.section,
            to_unit=world.department,
            to_user=world.clerk,
        )

    # dossier with its relations, hand-offs with their people and units, steps with agencies, ancestry
    with django_assert_num_queries(4):
        slip = data.process_control_data(dossier)

    assert len(slip["rows"]) == 8


# --- every slip ----------------------------------------------------------------------------------------


def all_slips(world: World, dossier: Dossier) -> dict[str, bytes]:
    add_process(world, dossier)
    return {
        "receipt": render_receipt(dossier),
        "supplement": render_supplement_request(dossier, make_pause(world, dossier)),
        "refusal": render_refusal(dossier, "Hồ sơ không đúng thẩm quyền."),
        "apology": render_apology(make_apology(world, dossier, approved=True)),
        "control": render_process_control(dossier),
    }


def test_every_slip_embeds_only_liberation_serif_and_claims_pdf_a_2b(world: World, dossier: Dossier) -> None:
    for name, pdf in all_slips(world, dossier).items():
        reader = PdfReader(io.BytesIO(pdf))
        fonts: dict[str, bool] = {}
        for page in reader.pages:
            resources: Any = page["/Resources"]
            for ref in resources["/Font"].values():
                font = ref.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = "/FontFile2" in descriptor
        assert set(fonts) <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}, name
        assert {"LiberationSerif", "LiberationSerif-Bold"} <= set(fonts), name
        assert all(fonts.values()), name
        xmp = reader.xmp_metadata
        assert xmp is not None, name
        assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B"), name
        box = reader.pages[0].mediabox
        assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
