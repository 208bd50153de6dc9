"""The monthly statistics summary: refreshing it, and composing the table from it exactly as the live query.

The dossiers are those of `test_statistics.py` (every column in March 2026) plus a few in the second half
of 2025, so that periods of several months, across a year's end, have flows and stocks in every month.
"Now" is 15/05/2026 10:00 Vietnam time, after every timestamp below.
"""

import threading
from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from cqdt.agencies.models import Agency
from cqdt.catalog.models import Procedure, ProcedureCase
from cqdt.dossiers.models import (
    Channel,
    Dossier,
    DossierPause,
    DossierStatisticsMonth,
    DossierStatisticsMonthRun,
    PauseReason,
)
from cqdt.dossiers.services import statistics_months_due, statistics_months_refresh
from cqdt.dossiers.statistics import GroupBy, StatisticsTable, dossier_statistics, dossier_statistics_live
from cqdt.dossiers.statistics.months import months_between
from cqdt.dossiers.status import DossierStatus as S
from cqdt.dossiers.tasks import refresh_statistics_summary
from cqdt.dossiers.tests import test_statistics as base
from cqdt.dossiers.tests.conftest import vn as at
from cqdt.dossiers.tests.test_views import page, row_of, text
from cqdt.dossiers.tests.workspace import receive

pytestmark = pytest.mark.django_db

province = base.province  # the fixture: the same province, agencies, procedures and March dossiers
vn = base.vn
d = base.d
Province = base.Province

NOW = vn(5, 15, 10)
EVERY_MONTH = months_between(date(2025, 1, 1), date(2026, 5, 1))  # from January of the oldest dossier's year
MARCH = date(2026, 3, 1)
PERIODS = [
    (date(2026, 3, 1), date(2026, 3, 31)),  # one month
    (date(2026, 1, 1), date(2026, 4, 30)),  # several months
    (date(2025, 7, 1), date(2026, 3, 31)),  # from the middle of a year, across its end
    (date(2025, 1, 1), date(2025, 12, 31)),  # a year
]
GROUPINGS: list[GroupBy] = ["agency", "procedure", None]


def add_dossier(
    code: str,
    handler: Agency,
    channel: str,
    status: int,
    received_at: datetime,
    due_at: datetime,
    finished_at: datetime | None = None,
    closed_at: datetime | None = None,
    *,
    procedure_code: str = "2.000488",
    pause: tuple[datetime, datetime | None, datetime] | None = None,
) -> Dossier:
    procedure = Procedure.objects.get(code=procedure_code)
    dossier = Dossier.objects.create(
        code=code,
        procedure=procedure,
        case=ProcedureCase.objects.get(procedure=procedure),
        receiving_unit=Agency.objects.get(identifier_code="000.00.30.H99"),
        handling_agency=handler,
        channel=channel,
        status=status,
        applicant_name="Trần Thị Bình",
        summary=code,
        received_at=received_at,
        due_at=due_at,
        finished_at=finished_at,
        closed_at=closed_at,
    )
    if pause is not None:
        started_at, ended_at, due_at_before = pause
        DossierPause.objects.create(
            dossier=dossier,
            reason=PauseReason.SUPPLEMENT,
            started_at=started_at,
            ended_at=ended_at,
            due_at_before=due_at_before,
            explanation="Bổ sung giấy tờ",
            requested_by=get_user_model().objects.get(username="motcua"),
        )
    return dossier


@pytest.fixture
def year_2025(province: Province) -> Province:
    """Dossiers of the second half of 2025 (and one of January 2026 still paused)."""
    ON, IN, POST = Channel.ONLINE, Channel.IN_PERSON, Channel.POSTAL
    # Late, open since July 2025: carried over into every later month.
    add_dossier(
        "HK-UB-T7", province.province, ON, S.PROCESSING, vn(7, 1, year=2025), vn(7, 10, 17, year=2025)
    )
    # Received in August, late at the ends of August and September, resolved late in October.
    add_dossier(
        "HK-T8-TRE",
        province.justice,
        ON,
        S.RESOLVED,
        vn(8, 5, year=2025),
        vn(8, 20, 17, year=2025),
        vn(10, 3, year=2025),
    )
    # Stopped in September: carried over, late and paused from then on.
    add_dossier(
        "HK-DUNG-T9",
        province.section,
        IN,
        S.STOPPED,
        vn(9, 2, year=2025),
        vn(9, 10, 17, year=2025),
        None,
        vn(9, 20, year=2025),
    )
    add_dossier(
        "HK-RUT-T11",
        province.justice,
        IN,
        S.WITHDRAWN,
        vn(11, 3, year=2025),
        vn(11, 20, 17, year=2025),
        vn(11, 10, year=2025),
        vn(11, 10, year=2025),
    )  # early
    # Received at 00:00 on 01/11 and resolved at 23:59 on 30/11, the day it was due: November, on time.
    add_dossier(
        "HK-BIEN",
        province.construction,
        ON,
        S.RESOLVED,
        datetime(2025, 10, 31, 17, 0, tzinfo=UTC),
        vn(11, 30, 17, year=2025),
        datetime(2025, 11, 30, 16, 59, tzinfo=UTC),
        procedure_code="1.000001",
    )
    # Paused from 10/12 (before its due date 15/12) to 05/01 across the year's end, then resolved early.
    add_dossier(
        "HK-QUA-NAM",
        province.construction,
        POST,
        S.RESOLVED,
        vn(12, 1, year=2025),
        vn(1, 12, 17),
        vn(1, 9),
        procedure_code="1.000001",
        pause=(vn(12, 10, year=2025), vn(1, 5), vn(12, 15, 17, year=2025)),
    )
    # Paused on 20/01 after its due date 15/01, still waiting: late and paused at the end of every month.
    add_dossier(
        "HK-TRE-BS",
        province.justice,
        ON,
        S.SUPPLEMENT_REQUESTED,
        vn(1, 5),
        vn(1, 15, 17),
        pause=(vn(1, 20), None, vn(1, 15, 17)),
    )
    return province


def refresh(months: list[date], now: datetime = NOW) -> int:
    with time_machine.travel(now, tick=False):
        return statistics_months_refresh(months=months)


def table(
    agency: Agency, start: date, end: date, group_by: GroupBy = "agency", *, live: bool = False
) -> StatisticsTable:
    statistics = dossier_statistics_live if live else dossier_statistics
    return statistics(agency=agency, period_start=start, period_end=end, group_by=group_by)


def summary_rows(month: date) -> list[tuple[object, ...]]:
    rows = DossierStatisticsMonth.objects.filter(month=month).order_by("handling_agency_id", "procedure_id")
    return list(rows.values_list(*[f.attname for f in DossierStatisticsMonth._meta.fields if f.name != "id"]))


@pytest.mark.parametrize("group_by", GROUPINGS)
def test_the_composed_table_is_the_live_table(year_2025: Province, group_by: GroupBy) -> None:
    assert refresh(EVERY_MONTH) > 0
    for agency in (year_2025.province, year_2025.justice, year_2025.construction):
        for start, end in PERIODS:
            live = table(agency, start, end, group_by, live=True)
            composed = table(agency, start, end, group_by)

            assert (composed.computed_at, live.computed_at) == (NOW, None)
            assert composed.rows == live.rows, (agency.name, start, end)
            assert composed.total == live.total, (agency.name, start, end)


# Columns as in test_statistics.py. Q4 2025: 4 carried over from October (not the sum of the three months'
# carried over); at the end of December HC-CU, HK-DUNG-T9, HK-UB-T7 late and HK-QUA-NAM paused in time.
Q4_2025 = (7, 4, 1, 1, 1, 3, 1, 1, 1, 4, 1, 3, 2, d("66.67"), d("33.33"))
YEAR_2025 = (7, 0, 3, 3, 1, 3, 1, 1, 1, 4, 1, 3, 2, d("66.67"), d("42.86"))


def test_flows_add_up_and_stocks_come_from_the_first_and_the_last_month(year_2025: Province) -> None:
    refresh(EVERY_MONTH)
    expected = {
        (date(2025, 10, 1), date(2025, 12, 31)): Q4_2025,
        (date(2025, 1, 1), date(2025, 12, 31)): YEAR_2025,
    }
    for (start, end), columns in expected.items():
        composed = table(year_2025.province, start, end, None)
        assert composed.from_summary
        assert composed.total.columns() == columns
        assert table(year_2025.province, start, end, None, live=True).total.columns() == columns


def test_march_from_the_summary_is_the_hand_counted_table(province: Province) -> None:
    refresh([MARCH])

    composed = table(province.province, date(2026, 3, 1), date(2026, 3, 31))

    assert composed.from_summary
    assert base.table_values(composed) == base.MARCH_BY_AGENCY
    assert composed.total.columns() == base.MARCH_TOTAL
    by_procedure = table(province.province, MARCH, date(2026, 3, 31), "procedure")
    assert by_procedure.from_summary
    assert base.table_values(by_procedure) == [
        (
            "1.000001 — Cấp giấy phép xây dựng (thử nghiệm)",
            (8, 3, 2, 2, 1, 4, 0, 2, 2, 4, 1, 3, 1, d("50.00"), d("40.00")),
        ),
        (
            "2.000488 — Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            (17, 3, 7, 5, 2, 8, 3, 3, 2, 9, 6, 3, 3, d("75.00"), d("50.00")),
        ),
    ]


def test_a_period_not_made_of_whole_months_is_counted_live(province: Province) -> None:
    refresh(EVERY_MONTH)
    for start, end in [(date(2026, 3, 2), date(2026, 3, 31)), (date(2026, 3, 1), date(2026, 3, 30))]:
        for group_by in GROUPINGS:
            composed = table(province.province, start, end, group_by)
            assert composed.computed_at is None
            assert composed == table(province.province, start, end, group_by, live=True)


def test_a_period_ending_today_or_later_is_composed_up_to_this_month(year_2025: Province) -> None:
    refresh(EVERY_MONTH)  # at NOW, 15/05/2026: May as of that day
    with time_machine.travel(NOW, tick=False):
        for end in (date(2026, 5, 15), date(2026, 12, 31)):
            for group_by in GROUPINGS:
                composed = table(year_2025.province, date(2026, 1, 1), end, group_by)
                live = table(year_2025.province, date(2026, 1, 1), end, group_by, live=True)
                assert composed.from_summary, (end, group_by)
                assert (composed.rows, composed.total) == (live.rows, live.total), (end, group_by)
        assert not table(year_2025.province, date(2026, 1, 1), date(2026, 5, 14)).from_summary


def test_a_missing_month_makes_the_table_live(province: Province) -> None:
    refresh(months_between(date(2026, 1, 1), date(2026, 3, 1)))

    assert table(province.province, date(2026, 1, 1), date(2026, 3, 31)).computed_at == NOW
    assert table(province.province, date(2026, 1, 1), date(2026, 4, 30)).computed_at is None
    assert table(province.province, date(2025, 12, 1), date(2026, 3, 31)).computed_at is None


def test_a_month_without_dossiers_is_computed_and_empty(province: Province) -> None:
    assert refresh([date(2025, 2, 1)]) == 0
    assert DossierStatisticsMonthRun.objects.filter(month=date(2025, 2, 1)).exists()

    composed = table(province.province, date(2025, 2, 1), date(2025, 2, 28))

    assert composed.computed_at == NOW
    assert base.table_values(composed) == [
        ("Sở Tư pháp", base.ZERO),
        ("Sở Xây dựng", base.ZERO),
        ("Trung tâm Phục vụ hành chính công tỉnh", base.ZERO),
        ("UBND huyện Cũ", base.ZERO),
        ("UBND huyện Đã Nhập", base.ZERO),
    ]


def test_computed_at_is_the_oldest_of_the_months_used(province: Province) -> None:
    refresh([date(2026, 2, 1)], now=vn(5, 1, 8))
    refresh([MARCH], now=vn(5, 2, 8))

    assert table(province.province, date(2026, 2, 1), date(2026, 3, 31)).computed_at == vn(5, 1, 8)
    assert table(province.province, MARCH, date(2026, 3, 31)).computed_at == vn(5, 2, 8)


def test_refreshing_twice_gives_the_same_rows(year_2025: Province) -> None:
    refresh(EVERY_MONTH)
    first = {month: summary_rows(month) for month in EVERY_MONTH}
    refresh(EVERY_MONTH, now=vn(5, 15, 11))
    second = {month: summary_rows(month) for month in EVERY_MONTH}

    def without_time(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        return [row[:-1] for row in rows]  # computed_at is the last field

    assert {m: without_time(rows) for m, rows in second.items()} == {
        m: without_time(r) for m, r in first.items()
    }
    assert {row[-1] for rows in second.values() for row in rows} == {vn(5, 15, 11)}
    assert len(second[MARCH]) == 7  # (agency, procedure) pairs counted in March, both provinces
    assert set(DossierStatisticsMonthRun.objects.values_list("computed_at", flat=True)) == {vn(5, 15, 11)}


def test_a_refresh_replaces_stale_rows(province: Province) -> None:
    refresh([MARCH])
    add_dossier("TP-MOI", province.justice, Channel.POSTAL, S.RECEIVED, vn(3, 30), vn(4, 8, 17))

    stale = table(province.province, MARCH, date(2026, 3, 31), None)
    live = table(province.province, MARCH, date(2026, 3, 31), None, live=True)
    assert (stale.total.received_postal, live.total.received_postal) == (3, 4)

    refresh([MARCH], now=vn(5, 15, 10, 10))
    fresh = table(province.province, MARCH, date(2026, 3, 31), None)

    assert fresh.computed_at == vn(5, 15, 10, 10)
    assert fresh.total == live.total
    assert DossierStatisticsMonth.objects.filter(month=MARCH).count() == 7


def test_composing_costs_a_fixed_number_of_queries(
    year_2025: Province, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    refresh(EVERY_MONTH)
    for start, end in [(MARCH, date(2026, 3, 31)), (date(2025, 1, 1), date(2026, 4, 30))]:
        with django_assert_num_queries(3):  # the months' runs, the summary aggregate, the subtree's agencies
            table(year_2025.province, start, end, "agency")
        with django_assert_num_queries(3):  # the months' runs, the summary aggregate, the procedures
            table(year_2025.province, start, end, "procedure")
        with django_assert_num_queries(2):
            table(year_2025.province, start, end, None)


def test_refresh_refuses_a_day_that_is_not_a_first_or_a_month_not_begun(province: Province) -> None:
    with pytest.raises(ValueError, match="phải là ngày đầu tháng, không phải 15/03/2026"):
        refresh([date(2026, 3, 15)])
    with pytest.raises(ValueError, match="Tháng 06/2026 chưa bắt đầu"):
        refresh([date(2026, 6, 1)])
    assert not DossierStatisticsMonthRun.objects.exists()


def test_the_periodic_task_backfills_then_refreshes_the_last_two_months(year_2025: Province) -> None:
    with time_machine.travel(NOW, tick=False):
        assert statistics_months_due() == EVERY_MONTH
        assert refresh_statistics_summary.call() == DossierStatisticsMonth.objects.count()
    runs = dict(DossierStatisticsMonthRun.objects.values_list("month", "computed_at"))
    assert runs == dict.fromkeys(EVERY_MONTH, NOW)

    later = vn(5, 15, 10, 10)
    with time_machine.travel(later, tick=False):
        assert statistics_months_due() == [date(2026, 4, 1), date(2026, 5, 1)]
        refresh_statistics_summary.call()
    runs = dict(DossierStatisticsMonthRun.objects.values_list("month", "computed_at"))
    assert runs == {**dict.fromkeys(EVERY_MONTH, NOW), date(2026, 4, 1): later, date(2026, 5, 1): later}

    DossierStatisticsMonthRun.objects.filter(month=date(2025, 8, 1)).delete()
    with time_machine.travel(vn(6, 1, 0, 5), tick=False):  # a new month begins
        assert statistics_months_due() == [date(2025, 8, 1), date(2026, 5, 1), date(2026, 6, 1)]
        refresh_statistics_summary.call()
    assert DossierStatisticsMonthRun.objects.get(month=date(2025, 8, 1)).computed_at == vn(6, 1, 0, 5)
    assert DossierStatisticsMonthRun.objects.count() == len(EVERY_MONTH) + 1


def test_without_dossiers_the_periodic_task_computes_the_last_two_months() -> None:
    with time_machine.travel(NOW, tick=False):
        assert refresh_statistics_summary.call() == 0
    assert sorted(DossierStatisticsMonthRun.objects.values_list("month", flat=True)) == [
        date(2026, 4, 1),
        date(2026, 5, 1),
    ]


def test_the_command_recomputes_every_month_since_the_one_given(year_2025: Province) -> None:
    refresh([MARCH], now=vn(5, 1, 8))
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("refresh_statistics", "--since", "2026-02", stdout=out)

    assert "Đã tổng hợp 4 tháng (02/2026–05/2026)" in out.getvalue()
    runs = dict(DossierStatisticsMonthRun.objects.values_list("month", "computed_at"))
    assert runs == dict.fromkeys(months_between(date(2026, 2, 1), date(2026, 5, 1)), NOW)

    with time_machine.travel(NOW, tick=False):
        call_command("refresh_statistics", stdout=out)
    assert f"Đã tổng hợp {len(EVERY_MONTH)} tháng (01/2025–05/2026)" in out.getvalue()
    assert DossierStatisticsMonthRun.objects.count() == len(EVERY_MONTH)


def test_the_command_refuses_a_bad_or_future_month(province: Province) -> None:
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(CommandError, match="“2026-13” không hợp lệ: cần dạng YYYY-MM"):
            call_command("refresh_statistics", "--since", "2026-13", stdout=StringIO())
        with pytest.raises(CommandError, match="Tháng 06/2026 chưa bắt đầu"):
            call_command("refresh_statistics", "--since", "2026-06", stdout=StringIO())
    assert not DossierStatisticsMonthRun.objects.exists()


def test_the_staff_page_says_when_the_summary_was_computed(world, client) -> None:
    receive(world, at(2026, 3, 2, 9, 0))
    receive(world, at(2026, 3, 3, 9, 0))
    client.force_login(world.specialist)
    with time_machine.travel(at(2026, 4, 5, 8, 30), tick=False):
        statistics_months_refresh(months=[MARCH])
        html = page(client, "/mot-cua/thong-ke/?period_start=01/03/2026&period_end=31/03/2026")
        partial = page(client, "/mot-cua/thong-ke/?period_start=01/03/2026&period_end=20/03/2026")

    assert "Số liệu tổng hợp lúc 08:30 05/04/2026" in html
    row = text(row_of(html, "Sở Tư pháp (trực tiếp giải quyết)"))
    assert row == "1 Sở Tư pháp (trực tiếp giải quyết) 2 0 0 2 0 0 0 0 0 2 0 2 0 — 0,00"
    assert "Số liệu tổng hợp" not in partial


def test_the_public_page_says_when_the_summary_was_computed(province: Province, client) -> None:
    refresh(months_between(date(2025, 1, 1), date(2025, 12, 1)))
    with time_machine.travel(NOW, tick=False):
        past_year = client.get(reverse("portal:statistics"), {"nam": "2025"})
        this_year = client.get(reverse("portal:statistics"), {"nam": "2026"})

    assert past_year.status_code == this_year.status_code == 200
    # One section per province-level root: this province and its neighbour.
    assert past_year.content.decode().count("Số liệu tổng hợp lúc 10:00 15/05/2026") == 2
    assert [item.table.computed_at for item in past_year.context["tables"]] == [NOW, NOW]
    assert "Số liệu tổng hợp" not in this_year.content.decode()  # up to today: counted live


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("computed_before", [True, False], ids=["recompute", "first-time"])
def test_a_refresh_waits_for_a_refresh_of_the_same_month(province: Province, computed_before: bool) -> None:
    if computed_before:
        refresh([MARCH])
    finished = threading.Event()
    errors: list[BaseException] = []

    def refresh_march() -> None:
        try:
            statistics_months_refresh(months=[MARCH])
        except BaseException as error:
            errors.append(error)
        finally:
            finished.set()
            connections.close_all()

    thread = threading.Thread(target=refresh_march)
    with transaction.atomic():  # a refresh of March that has written its rows and not committed yet
        statistics_months_refresh(months=[MARCH])
        thread.start()
        assert not finished.wait(1.0)
    thread.join(30)

    # Without the lock the second refresh would insert rows the first one had just committed: a
    # unique-constraint error.
    assert finished.is_set()
    assert errors == []
    assert DossierStatisticsMonth.objects.filter(month=MARCH).count() == 7
    assert DossierStatisticsMonthRun.objects.filter(month=MARCH).count() == 1
