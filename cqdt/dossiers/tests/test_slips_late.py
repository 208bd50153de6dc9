"""Mẫu 04 (apology) and Mẫu 05 (process control) as PDFs and as data."""

from typing import Any

import pytest

from cqdt.dossiers.models import (
    Dossier,
    DossierHistory,
    Timeliness,
)
from cqdt.dossiers.slips import (
    data,
    render_apology,
    render_process_control,
)
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.factories import World
from cqdt.dossiers.tests.slip_builders import (
    CODE,
    HEADER,
    add_process,
    assert_shows,
    make_apology,
    make_dossier,
    pdf_text,
    slip_world,
    squash,
    utc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return slip_world()


@pytest.fixture
def dossier(world: World) -> Dossier:
    return make_dossier(world)


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
            "step": "Thẩm định hồ sơ",
            "result": "Trước hạn",
            "note": "",
        },
        {
            "giver_unit": "Phòng Hành chính tư pháp",
            "giver": "Ngô Thị Lan",
            "receiver_unit": "Phòng Hành chính tư pháp",
            "receiver": "Trịnh Quốc Bảo",
            "at": "15 giờ 00 phút, ngày 07/01/2026",
            "step": "Phê duyệt kết quả",
            "result": "Đúng hạn",
            "note": "",
        },
        {
            "giver_unit": "Phòng Hành chính tư pháp",
            "giver": "Trịnh Quốc Bảo",
            "receiver_unit": "Phòng Hành chính tư pháp",
            "receiver": "Ngô Thị Lan",
            "at": "10 giờ 15 phút, ngày 08/01/2026",
            "step": "Thẩm định hồ sơ",
            "result": "Quá hạn",
            "note": "Trả lại bước trước. Bổ sung ý kiến thẩm định",
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
        "Nhận: Phòng Hành chính tư pháp (Ngô Thị Lan) Thẩm định hồ sơ"
        " 09 giờ 00 phút, ngày 05/01/2026 Trước hạn",
        "Phê duyệt kết quả 15 giờ 00 phút, ngày 07/01/2026 Đúng hạn",
        "Thẩm định hồ sơ 10 giờ 15 phút, ngày 08/01/2026 Quá hạn",
        "Trả lại bước trước. Bổ sung ý kiến thẩm định",
    )
    assert squash("Điều chỉnh hạn xử lý bước") not in pdf_text(pdf)


def test_process_control_ends_with_the_result_back_at_the_desk_and_returned(
    world: World, dossier: Dossier
) -> None:
    # as the services record them: the result has the finished step but no receiver; the return has neither
    DossierHistory.objects.create(
        dossier=dossier,
        at=utc(8, 14),
        actor=world.clerk,
        action=Action.RECORD_RESULT,
        from_status=DossierStatus.PROCESSING,
        to_status=DossierStatus.RESOLVED,
        from_unit=world.department,
        step_name="Ban hành, đóng dấu kết quả",
        step_timeliness=Timeliness.ON_TIME,
    )
    DossierHistory.objects.create(
        dossier=dossier,
        at=utc(8, 15),
        actor=world.counter_officer,
        action=Action.RETURN_RESULT,
        from_status=DossierStatus.RESOLVED,
        to_status=DossierStatus.RETURNED,
        reason="Công dân nhận trực tiếp",
    )

    rows = data.process_control_data(dossier)["rows"]

    assert [
        (r["giver_unit"], r["receiver_unit"], r["receiver"], r["step"], r["result"], r["note"]) for r in rows
    ] == [
        (
            "Sở Tư pháp",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "",
            "",
            "Đúng hạn",
            "Cập nhật kết quả xử lý",
        ),
        (
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Phạm Thị Hường",
            "",
            "",
            "",
            "Trả kết quả. Công dân nhận trực tiếp",
        ),
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
