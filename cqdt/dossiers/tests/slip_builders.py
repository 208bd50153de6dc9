"""Builders for the slip tests: a dossier with its history, a pause, an apology; reading a PDF's text."""

import io
import re
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pypdf import PdfReader

from cqdt.agencies.models import AdministrativeUnit, AdministrativeUnitKind
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
    Timeliness,
)
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.factories import World, make_world

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


def squash(text: str) -> str:
    """NFC text without white space, so where the PDF breaks a line does not decide a test."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def pdf_text(pdf: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def assert_shows(pdf: bytes, *expected: str) -> None:
    text = pdf_text(pdf)
    missing = [e for e in expected if squash(e) not in text]
    assert not missing, f"not in the PDF: {missing}"


SEND_BACK_REASON = "Bổ sung ý kiến thẩm định"


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
    # as the services record it: the step just finished gives from_unit and the timeliness, the step the
    # receiver starts gives step_name
    handoffs = [
        (utc(5, 9), Action.FORWARD, world.counter_officer, world.specialist, 0, 1, ""),
        (utc(7, 15), Action.FORWARD, world.specialist, world.section_head, 1, 2, ""),
        (
            utc(8, 10, 15),
            Action.SEND_BACK,
            world.section_head,
            world.specialist,
            2,
            1,
            "Bổ sung ý kiến thẩm định",
        ),
    ]
    for at, action, actor, to_user, done, following, reason in handoffs:
        DossierHistory.objects.create(
            dossier=dossier,
            at=at,
            actor=actor,
            action=action,
            from_status=DossierStatus.PROCESSING,
            to_status=DossierStatus.PROCESSING,
            from_unit=steps[done][2],
            to_unit=steps[following][2],
            to_user=to_user,
            step_name=steps[following][1],
            step_timeliness=steps[done][5],
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


def slip_world() -> World:
    """make_world() with named staff and the province placed in an administrative unit."""
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
