"""Mẫu 01–03 as PDFs (text read back with pypdf), the QR code, fonts, PDF/A and query counts."""

import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import segno
from django.test import override_settings
from pypdf import PdfReader

from cqdt.core.qr import qr_matrix
from cqdt.dossiers.models import (
    Channel,
    Dossier,
    DossierComponent,
    DossierHistory,
    DossierPause,
    ReturnMethod,
)
from cqdt.dossiers.selectors import dossier_tracking_url
from cqdt.dossiers.slips import (
    data,
    render_apology,
    render_process_control,
    render_receipt,
    render_refusal,
    render_supplement_request,
)
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.factories import World
from cqdt.dossiers.tests.slip_builders import (
    APPLICANT,
    CODE,
    HEADER,
    add_process,
    assert_shows,
    make_apology,
    make_dossier,
    make_pause,
    pdf_text,
    slip_world,
    squash,
    update_user,
    utc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return slip_world()


@pytest.fixture
def dossier(world: World) -> Dossier:
    return make_dossier(world)


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
    assert dossier_tracking_url(CODE) == f"https://dichvucong.example.vn/tra-cuu/{CODE}"
    assert dossier_tracking_url("A B/C") == "https://dichvucong.example.vn/tra-cuu/A%20B%2FC"


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
