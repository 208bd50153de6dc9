"""The Circular 01/2020 statistics table on a fixed set of dossiers; expected numbers are worked out by hand.

The period under test is March 2026 (01/03–31/03, Vietnam time): it starts at 2026-02-28 17:00 UTC and
ends before 2026-03-31 17:00 UTC. Every dossier below says where it must be counted.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from cqdt.agencies.models import Agency, AgencyKind, GovernmentLevel
from cqdt.catalog.models import Procedure, ProcedureCase, ProcedureField, TimeLimitUnit
from cqdt.dossiers.models import Channel, Dossier, DossierPause, PauseReason
from cqdt.dossiers.statistics import StatisticsTable, dossier_statistics
from cqdt.dossiers.statistics_export import statistics_filename, statistics_xlsx
from cqdt.dossiers.status import DossierStatus as S
from cqdt.dossiers.tests.factories import save_agency

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}
FEBRUARY = {"period_start": date(2026, 2, 1), "period_end": date(2026, 2, 28)}
ZERO = (0,) * 13 + (None, None)


def vn(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def utc(month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def d(text: str) -> Decimal:
    return Decimal(text)


@dataclass
class Province:
    province: Agency
    justice: Agency
    section: Agency
    construction: Agency
    old_district: Agency


def _agency(
    name: str,
    identifier_code: str,
    *,
    parent: Agency | None = None,
    kind: str = AgencyKind.DEPARTMENT,
    valid_to: date | None = None,
) -> Agency:
    level = GovernmentLevel.DISTRICT if valid_to else GovernmentLevel.PROVINCE
    agency = Agency(
        name=name, identifier_code=identifier_code, parent=parent, kind=kind, level=level, valid_to=valid_to
    )
    return save_agency(agency)


@pytest.fixture
def province() -> Province:
    province = _agency("UBND tỉnh Thử Nghiệm", "000.00.00.H99", kind=AgencyKind.PEOPLES_COMMITTEE)
    justice = _agency("Sở Tư pháp", "000.00.05.H99", parent=province)
    section = _agency("Phòng Hành chính tư pháp", "000.01.05.H99", parent=justice, kind=AgencyKind.UNIT)
    construction = _agency("Sở Xây dựng", "000.00.06.H99", parent=province)
    centre = _agency(
        "Trung tâm Phục vụ hành chính công tỉnh",
        "000.00.30.H99",
        parent=province,
        kind=AgencyKind.SERVICE_CENTRE,
    )
    old_district = _agency("UBND huyện Cũ", "000.00.40.H99", parent=province, valid_to=date(2025, 6, 30))
    _agency("UBND huyện Đã Nhập", "000.00.41.H99", parent=province, valid_to=date(2025, 6, 30))
    neighbour = _agency("UBND tỉnh Bên Cạnh", "000.00.00.H98", kind=AgencyKind.PEOPLES_COMMITTEE)

    field = ProcedureField.objects.create(code="TEST", name="Lĩnh vực thử nghiệm")
    lltp = Procedure.objects.create(
        code="2.000488", name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", field=field
    )
    permit = Procedure.objects.create(
        code="1.000001", name="Cấp giấy phép xây dựng (thử nghiệm)", field=field
    )
    cases = {
        p.pk: ProcedureCase.objects.create(
            procedure=p,
            code="TH1",
            name="Trường hợp 1",
            time_limit_amount=5,
            time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        )
        for p in (lltp, permit)
    }
    officer = get_user_model().objects.create_user(username="motcua", full_name="Lê Thị Một Cửa")

    def dossier(
        code: str,
        handler: Agency,
        channel: str,
        status: int,
        received_at: datetime | None,
        due_at: datetime | None = None,
        finished_at: datetime | None = None,
        closed_at: datetime | None = None,
        *,
        procedure: Procedure = lltp,
        pauses: tuple[tuple[datetime, datetime | None, datetime | None], ...] = (),
        reason: str = PauseReason.SUPPLEMENT,
    ) -> None:
        created = Dossier.objects.create(
            code=code,
            procedure=procedure,
            case=cases[procedure.pk],
            receiving_unit=centre,
            handling_agency=handler,
            channel=channel,
            status=status,
            applicant_name="Nguyễn Văn An",
            summary=code,
            received_at=received_at,
            due_at=due_at,
            finished_at=finished_at,
            closed_at=closed_at,
        )
        for started_at, ended_at, due_at_before in pauses:  # the due date when the pause began
            DossierPause.objects.create(
                dossier=created,
                reason=reason,
                started_at=started_at,
                ended_at=ended_at,
                due_at_before=due_at_before,
                explanation="Bổ sung giấy tờ",
                requested_by=officer,
            )

    ON, IN, POST = Channel.ONLINE, Channel.IN_PERSON, Channel.POSTAL
    # Sở Tư pháp (and its section).
    dossier("TP-SOM", justice, ON, S.RESOLVED, vn(3, 2), vn(3, 5, 17), vn(3, 4, 10))  # new online, early
    dossier("TP-DUNG", justice, IN, S.RETURNED, vn(3, 3, 8), vn(3, 6, 17), vn(3, 6, 16), vn(3, 9))  # on time
    dossier(
        "TP-TRE", justice, POST, S.RESOLVED, vn(3, 4, 10), vn(3, 9, 17), vn(3, 10), procedure=permit
    )  # late
    # Finished at 23:59 on the last day (Vietnam time): inside the period; late.
    dossier("TP-PHONG", section, ON, S.RESOLVED, vn(3, 10, 14), vn(3, 13, 17), utc(3, 31, 16, 59))
    dossier("TP-KT-XONG", justice, IN, S.RESOLVED, vn(2, 20), vn(2, 25, 17), vn(3, 2))  # carried over; late
    # Carried over, still open, due after the period: in progress, in time.
    dossier("TP-KT-DANG", justice, ON, S.PROCESSING, vn(2, 25), vn(4, 3, 17), procedure=permit)
    dossier("TP-DANG-TRE", justice, IN, S.PROCESSING, vn(3, 5), vn(3, 20, 17))  # open and late
    # Waiting at the end of March for a supplement asked on 16/03, before its due date 20/03: the clock
    # stopped in time, so in progress in time (and paused), although 20/03 < 31/03.
    dossier(
        "TP-BOSUNG",
        justice,
        ON,
        S.SUPPLEMENT_REQUESTED,
        vn(3, 12),
        vn(3, 20, 17),
        pauses=((vn(3, 16), None, vn(3, 20, 17)),),
    )
    # Paused and resumed inside the period, then resolved early: not paused at the end.
    dossier(
        "TP-BS-XONG",
        justice,
        IN,
        S.RESOLVED,
        vn(3, 11),
        vn(3, 27, 17),
        vn(3, 25, 10),
        pauses=((vn(3, 16), vn(3, 18), vn(3, 25, 17)),),
    )
    dossier("TP-RUT", justice, ON, S.WITHDRAWN, vn(3, 6), vn(3, 11, 17), vn(3, 9, 15), vn(3, 9, 15))  # early
    dossier("TP-KHONG-HAN", justice, IN, S.RESOLVED, vn(3, 7), None, vn(3, 20, 10))  # no due date: on time
    # Resolved after the period: in progress at its end (due 01/04 ≥ 31/03: in time).
    dossier("TP-XONG-SAU", justice, ON, S.RESOLVED, vn(3, 25), vn(4, 1, 17), vn(4, 1, 8))
    # Received at 23:59 on 31/03 Vietnam time (16:59 UTC): inside the period.
    dossier("TP-NHAN-2359", justice, POST, S.RECEIVED, utc(3, 31, 16, 59), vn(4, 3, 17))
    # Received at 00:00 on 01/04 Vietnam time (17:00 UTC on 31/03): next period, not counted.
    dossier("TP-KY-SAU", justice, ON, S.RECEIVED, utc(3, 31, 17, 0), vn(4, 6, 17))
    # Received at 23:59 on 28/02: carried over; due on the last day of the period: in time.
    dossier("TP-NHAN-2802", justice, ON, S.PROCESSING, utc(2, 28, 16, 59), vn(3, 31, 17))
    # Received at 00:00 on 01/03: new (in person); due 30/03 < 31/03: late.
    dossier("TP-NHAN-0103", justice, IN, S.RECEIVED, utc(2, 28, 17, 0), vn(3, 30, 17))
    dossier(
        "TP-XONG-T2", justice, IN, S.RETURNED, vn(2, 2), vn(2, 12, 17), vn(2, 10), vn(2, 11)
    )  # February only
    dossier("TP-CHO", justice, ON, S.SUBMITTED, None)  # never received: not counted
    # Refused at reception, with a reception time as some imported records carry: still not counted.
    dossier("TP-TU-CHOI", justice, ON, S.NOT_RECEIVED, vn(3, 4))
    # Stopped on 15/03: carried over, in progress (late: due 20/02) and paused.
    dossier("TP-DUNG-XL", justice, ON, S.STOPPED, vn(2, 10), vn(2, 20, 17), None, vn(3, 15))
    # Stopped after the period: in progress (in time), not paused at its end.
    dossier("TP-DUNG-SAU", justice, POST, S.STOPPED, vn(3, 3), vn(4, 10, 17), None, vn(4, 5))
    # Resolved today, but paused from 28/03 (before its due date 30/03) to 01/04, when the due date moved to
    # 06/04: in progress, in time and paused at the end of March.
    dossier(
        "TP-TD-CUOI",
        justice,
        ON,
        S.RESOLVED,
        vn(3, 20),
        vn(4, 6, 17),
        vn(4, 3),
        pauses=((vn(3, 28), vn(4, 1, 10), vn(3, 30, 17)),),
    )

    # Sở Xây dựng.
    # Finished 01:00 on 06/03 Vietnam time (05/03 in UTC), due 06/03: on time, not early.
    dossier(
        "XD-DUNG", construction, ON, S.RESOLVED, vn(3, 2), vn(3, 6, 17), utc(3, 5, 18, 0), procedure=permit
    )
    dossier(
        "XD-NVTC",
        construction,
        ON,
        S.FEES_REQUESTED,
        vn(3, 16),
        vn(3, 18, 17),
        procedure=permit,
        # Fees asked on 20/03, after the due date 18/03: late (and paused) at the end of March.
        pauses=((vn(3, 20), None, vn(3, 18, 17)),),
        reason=PauseReason.FEES,
    )
    # Late at the end of March (due 20/03); paused in April and resumed with the due date moved to 25/04:
    # still late in March.
    dossier(
        "XD-TRE-SAU-BS",
        construction,
        IN,
        S.PROCESSING,
        vn(3, 2),
        vn(4, 25, 17),
        procedure=permit,
        pauses=((vn(4, 2), vn(4, 10), vn(3, 20, 17)),),
    )
    dossier("XD-RUT", construction, IN, S.WITHDRAWN, vn(3, 18), vn(3, 24, 17), vn(3, 24, 8), procedure=permit)
    # Finished at 23:59 on 28/02: before the period, not counted in March.
    dossier(
        "XD-XONG-2359",
        construction,
        IN,
        S.RETURNED,
        vn(1, 15),
        vn(2, 20, 17),
        utc(2, 28, 16, 59),
        procedure=permit,
    )
    # Finished at 00:00 on 01/03: carried over and processed in March (late).
    dossier(
        "XD-XONG-0000",
        construction,
        IN,
        S.RESOLVED,
        vn(1, 20),
        vn(2, 27, 17),
        utc(2, 28, 17, 0),
        procedure=permit,
    )

    # Abolished district with a legacy dossier still open: it keeps its row.
    dossier(
        "HC-CU",
        old_district,
        IN,
        S.PROCESSING,
        vn(6, 20, year=2025),
        vn(6, 30, 17, year=2025),
        procedure=permit,
    )
    # Handled by the province itself.
    dossier("UB-DUNG", province, ON, S.RESOLVED, vn(3, 10), vn(3, 12, 17), vn(3, 12, 10))
    # Another province: never counted.
    dossier("BC-NGOAI", neighbour, ON, S.PROCESSING, vn(3, 10), vn(3, 12, 17))
    return Province(province, justice, section, construction, old_district)


def table_values(table: StatisticsTable) -> list[tuple[str, tuple[int | Decimal | None, ...]]]:
    return [(row.label, row.counts.columns()) for row in table.rows]


# Columns: total, carried over, online, in person, postal | processed, early, on time, late |
# in progress, in time, late | paused | on-time rate, online rate.
MARCH_TOTAL = (25, 6, 9, 7, 3, 12, 3, 5, 4, 13, 7, 6, 4, d("66.67"), d("47.37"))
MARCH_BY_AGENCY = [
    (
        "UBND tỉnh Thử Nghiệm (trực tiếp giải quyết)",
        (1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, d("100.00"), d("100.00")),
    ),
    ("Sở Tư pháp", (18, 4, 6, 5, 3, 8, 3, 2, 3, 10, 7, 3, 3, d("62.50"), d("42.86"))),
    ("Sở Xây dựng", (5, 1, 2, 2, 0, 3, 0, 2, 1, 2, 0, 2, 1, d("66.67"), d("50.00"))),
    ("Trung tâm Phục vụ hành chính công tỉnh", ZERO),
    ("UBND huyện Cũ", (1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, None, None)),
]


def test_march_by_direct_child_agency(province: Province) -> None:
    table = dossier_statistics(agency=province.province, group_by="agency", **MARCH)

    assert table_values(table) == MARCH_BY_AGENCY
    assert table.total.columns() == MARCH_TOTAL
    assert [row.key for row in table.rows[1:3]] == [province.justice.pk, province.construction.pk]


def test_subtree_of_a_department_has_a_row_for_its_own_dossiers(province: Province) -> None:
    table = dossier_statistics(agency=province.justice, group_by="agency", **MARCH)

    assert table_values(table) == [
        (
            "Sở Tư pháp (trực tiếp giải quyết)",
            (17, 4, 5, 5, 3, 7, 3, 2, 2, 10, 7, 3, 3, d("71.43"), d("38.46")),
        ),
        ("Phòng Hành chính tư pháp", (1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, d("0.00"), d("100.00"))),
    ]
    assert table.total.columns() == (18, 4, 6, 5, 3, 8, 3, 2, 3, 10, 7, 3, 3, d("62.50"), d("42.86"))


def test_march_by_procedure(province: Province) -> None:
    table = dossier_statistics(agency=province.province, group_by="procedure", **MARCH)

    assert table_values(table) == [
        (
            "1.000001 — Cấp giấy phép xây dựng (thử nghiệm)",
            (8, 3, 2, 2, 1, 4, 0, 2, 2, 4, 1, 3, 1, d("50.00"), d("40.00")),
        ),
        (
            "2.000488 — Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            (17, 3, 7, 5, 2, 8, 3, 3, 2, 9, 6, 3, 3, d("75.00"), d("50.00")),
        ),
    ]
    assert table.total.columns() == MARCH_TOTAL


def test_february_total_only(province: Province) -> None:
    table = dossier_statistics(agency=province.province, group_by=None, **FEBRUARY)

    assert table.rows == ()
    assert table.total.columns() == (8, 3, 3, 2, 0, 2, 1, 0, 1, 6, 2, 4, 0, d("50.00"), d("60.00"))


def test_a_past_period_does_not_change_when_dossiers_move_on(province: Province) -> None:
    before = dossier_statistics(agency=province.province, group_by="agency", **MARCH)
    late = Dossier.objects.get(code="TP-DANG-TRE")
    officer = get_user_model().objects.get(username="motcua")
    DossierPause.objects.create(
        dossier=late,
        reason=PauseReason.SUPPLEMENT,
        started_at=vn(4, 5),
        ended_at=vn(4, 15),
        due_at_before=late.due_at,
        explanation="Bổ sung giấy tờ",
        requested_by=officer,
    )
    Dossier.objects.filter(pk=late.pk).update(due_at=vn(5, 10, 17), status=S.RESOLVED, finished_at=vn(5, 4))
    DossierPause.objects.filter(dossier__code__in=["TP-BOSUNG", "XD-NVTC"]).update(ended_at=vn(4, 20))
    # Both resume on 20/04 with their due dates moved on, then finish.
    Dossier.objects.filter(code="TP-BOSUNG").update(
        due_at=vn(4, 24, 17), status=S.WITHDRAWN, finished_at=vn(4, 21), closed_at=vn(4, 21)
    )
    Dossier.objects.filter(code="XD-NVTC").update(
        due_at=vn(4, 21, 17), status=S.RETURNED, finished_at=vn(4, 22), closed_at=vn(4, 23)
    )
    Dossier.objects.filter(code="TP-NHAN-2359").update(status=S.STOPPED, closed_at=vn(4, 15))
    Dossier.objects.filter(code="TP-KY-SAU").update(status=S.RESOLVED, finished_at=vn(4, 2))

    after = dossier_statistics(agency=province.province, group_by="agency", **MARCH)

    assert table_values(after) == MARCH_BY_AGENCY
    assert after == before


def test_query_count_is_fixed(province: Province, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    # +1 each: which months the summary has (March is a whole month, so it could be composed)
    with django_assert_num_queries(3):  # one aggregate, the agencies of the subtree
        dossier_statistics(agency=province.province, group_by="agency", **MARCH)
    with django_assert_num_queries(3):  # one aggregate, procedure labels
        dossier_statistics(agency=province.province, group_by="procedure", **MARCH)
    with django_assert_num_queries(2):
        dossier_statistics(agency=province.province, group_by=None, **MARCH)


def test_a_period_ending_after_today_counts_lateness_as_of_today(province: Province) -> None:
    procedure = Procedure.objects.order_by("pk").first()
    assert procedure is not None
    centre = Agency.objects.get(identifier_code="000.00.30.H99")

    def construction_row() -> tuple[int, int]:
        table = dossier_statistics(
            agency=province.province, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
        )
        row = next(r for r in table.rows if r.label == "Sở Xây dựng")
        return row.counts.in_progress_total, row.counts.in_progress_late

    with time_machine.travel(vn(4, 2, 12), tick=False):
        after_march = construction_row()
    with time_machine.travel(vn(3, 20, 12), tick=False):
        before = construction_row()
        assert before[1] < after_march[1]  # some of the fixture's dossiers fall late only after the 20th
        Dossier.objects.create(
            code="000.00.06.H99-260302-0099",
            procedure=procedure,
            case=ProcedureCase.objects.filter(procedure=procedure).get(),
            receiving_unit=centre,
            handling_agency=province.construction,
            channel=Channel.IN_PERSON,
            status=S.PROCESSING,
            applicant_name="Nguyễn Văn An",
            summary="hạn 25/03",
            received_at=vn(3, 2),
            due_at=vn(3, 25, 17),
        )
        assert construction_row() == (before[0] + 1, before[1])  # due in five days: on schedule today
    with time_machine.travel(vn(4, 2, 12), tick=False):
        assert construction_row() == (after_march[0] + 1, after_march[1] + 1)  # March is over: it was late


def test_an_empty_subtree_gives_zeros_and_no_rates(province: Province) -> None:
    table = dossier_statistics(
        agency=province.province,
        group_by="agency",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )

    assert table_values(table) == [
        ("Sở Tư pháp", ZERO),
        ("Sở Xây dựng", ZERO),
        ("Trung tâm Phục vụ hành chính công tỉnh", ZERO),
        ("UBND huyện Cũ", ZERO),
        ("UBND huyện Đã Nhập", ZERO),
    ]
    assert table.total.columns() == ZERO


def test_bad_arguments_are_refused(province: Province) -> None:
    with pytest.raises(ValueError, match="Ngày kết thúc kỳ báo cáo"):
        dossier_statistics(
            agency=province.province, period_start=date(2026, 3, 2), period_end=date(2026, 3, 1)
        )
    with pytest.raises(ValueError, match="Không hỗ trợ nhóm theo"):
        dossier_statistics(agency=province.province, group_by="unit", **MARCH)  # type: ignore[arg-type]


def test_xlsx_export(province: Province) -> None:
    table = dossier_statistics(agency=province.province, group_by="agency", **MARCH)

    sheet = load_workbook(BytesIO(statistics_xlsx(table))).active

    assert sheet["A1"].value == "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A2"].value == "Kỳ báo cáo: từ 01/03/2026 đến 31/03/2026"
    assert sheet["A3"].value == "Cơ quan, đơn vị báo cáo: UBND tỉnh Thử Nghiệm"
    assert sheet["Q4"].value == "Đơn vị tính: Số hồ sơ TTHC"
    assert {str(cells) for cells in sheet.merged_cells.ranges} == {
        "A1:Q1", "A2:Q2", "A3:Q3",
        "A5:A8", "B5:B8", "C5:G5", "C6:C8", "D6:G6", "D7:D8", "E7:G7",
        "H5:K5", "H6:H8", "I6:K6", "I7:I8", "J7:J8", "K7:K8",
        "L5:N5", "L6:L8", "M6:N6", "M7:M8", "N7:N8",
        "O5:O8", "P5:P8", "Q5:Q8",
    }  # fmt: skip
    header = {cell.coordinate: cell.value for row in sheet["A5:Q8"] for cell in row if cell.value is not None}
    assert header == {
        "A5": "STT",
        "B5": "Cơ quan, đơn vị",
        "C5": "Số hồ sơ nhận giải quyết",
        "C6": "Tổng số",
        "D6": "Trong đó",
        "D7": "Số kỳ trước chuyển qua",
        "E7": "Số mới tiếp nhận",
        "E8": "Trực tuyến",
        "F8": "Trực tiếp",
        "G8": "Qua dịch vụ bưu chính công ích",
        "H5": "Số hồ sơ đã giải quyết",
        "H6": "Tổng số",
        "I6": "Trong đó",
        "I7": "Trước hạn",
        "J7": "Đúng hạn",
        "K7": "Quá hạn",
        "L5": "Số hồ sơ đang giải quyết",
        "L6": "Tổng số",
        "M6": "Trong đó",
        "M7": "Trong hạn",
        "N7": "Quá hạn",
        "O5": "Số hồ sơ tạm dừng",
        "P5": "Tỷ lệ giải quyết đúng hạn (%)",
        "Q5": "Tỷ lệ hồ sơ trực tuyến (%)",
    }
    assert [cell.value for cell in sheet[9]][:3] == ["(1)", "(2)", "(3)=(4)+(5)+(6)+(7)"]
    rows = [[cell.value for cell in sheet[row]] for row in range(10, 16)]
    assert rows == [
        [1, "UBND tỉnh Thử Nghiệm (trực tiếp giải quyết)", 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 100, 100],
        [2, "Sở Tư pháp", 18, 4, 6, 5, 3, 8, 3, 2, 3, 10, 7, 3, 3, 62.5, 42.86],
        [3, "Sở Xây dựng", 5, 1, 2, 2, 0, 3, 0, 2, 1, 2, 0, 2, 1, 66.67, 50],
        [4, "Trung tâm Phục vụ hành chính công tỉnh", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, None],
        [5, "UBND huyện Cũ", 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, None, None],
        [None, "Tổng cộng", 25, 6, 9, 7, 3, 12, 3, 5, 4, 13, 7, 6, 4, 66.67, 47.37],
    ]
    assert sheet["P11"].number_format == "0.00"
    assert sheet["A17"].value == "Ghi chú:"
    assert statistics_filename(table) == "bao-cao-tthc-20260301-20260331.xlsx"


def test_xlsx_export_by_procedure_names_the_group_column(province: Province) -> None:
    table = dossier_statistics(agency=province.province, group_by="procedure", **MARCH)

    sheet = load_workbook(BytesIO(statistics_xlsx(table))).active

    assert sheet["B5"].value == "Thủ tục hành chính"
    assert sheet["B10"].value == "1.000001 — Cấp giấy phép xây dựng (thử nghiệm)"
    assert sheet["B12"].value == "Tổng cộng"
