"""Properties of the working calendar, on calendars built without the database."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from cqdt.core.calendar import Override, WorkingCalendar, WorkingDays, fixed_overrides, parse_office_hours

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OVERRIDES = fixed_overrides(
    Override(day=date(2026, 1, 2), working=False, reason="Nghỉ Tết Dương lịch (hoán đổi)"),
    Override(day=date(2026, 1, 10), working=True, reason="Làm bù cho ngày 02/01/2026"),
    Override(day=date(2025, 7, 15), working=False, reason="Nghỉ do bão"),
    Override(day=date(2025, 7, 19), working=True, reason="Làm bù ngày nghỉ do bão"),
)
CALENDARS = [
    WorkingCalendar(
        office_hours=parse_office_hours(hours), working_days=WorkingDays(overrides=OVERRIDES), time_zone=VN
    )
    for hours in ("07:00-11:30,13:30-17:00", "07:30-16:30", "06:00-08:00,09:00-10:00,14:00-18:30")
]

calendars = st.sampled_from(CALENDARS)
# Half-hour values hit the session boundaries, where the conventions matter; the others go anywhere.
starts = st.one_of(
    st.datetimes(
        min_value=datetime(2024, 6, 1),
        max_value=datetime(2027, 6, 1),
        timezones=st.sampled_from([VN, UTC, ZoneInfo("Europe/Paris")]),
    ),
    st.builds(
        lambda day, half_hours: (
            datetime(2024, 6, 1, tzinfo=VN) + timedelta(days=day, minutes=30 * half_hours)
        ),
        st.integers(min_value=0, max_value=3 * 365),
        st.integers(min_value=0, max_value=47),
    ),
)
# Up to about 60 working days, in whole seconds so that sums are exact.
durations = st.one_of(
    st.integers(min_value=0, max_value=480 * 3600).map(lambda seconds: timedelta(seconds=seconds)),
    st.integers(min_value=0, max_value=960).map(lambda half_hours: timedelta(minutes=30 * half_hours)),
)
positive_durations = durations.filter(bool)


def in_office_time(cal: WorkingCalendar, moment: datetime, *, closed_end: bool) -> bool:
    local = moment.astimezone(VN).replace(tzinfo=None)
    if not cal.is_working_day(local.date()):
        return False
    for session in cal.office_hours.sessions:
        opens, closes = session.bounds(local.date())
        if (opens < local <= closes) if closed_end else (opens <= local < closes):
            return True
    return False


@given(calendars, starts, durations)
def test_due_is_in_office_time_in_vietnam_time(cal, start, hours):
    due = cal.add_working_hours(start, hours)
    assert due.utcoffset() == timedelta(hours=7)
    # A positive duration ends inside or at the end of a session; zero gives the normalised start.
    assert in_office_time(cal, due, closed_end=bool(hours))
    assert due > start if hours else due >= start


@given(calendars, starts, durations, durations)
def test_monotonic(cal, start, a, b):
    shorter, longer = sorted([a, b])
    assert cal.add_working_hours(start, shorter) <= cal.add_working_hours(start, longer)


@given(calendars, starts, durations, positive_durations)
def test_additive(cal, start, a, b):
    # Holds for any start, since both sides begin from the normalised start. b > 0: adding zero to a due
    # at a session end (11:30) normalises it to the next opening (13:30), the same office time.
    assert cal.add_working_hours(cal.add_working_hours(start, a), b) == cal.add_working_hours(start, a + b)


@given(calendars, starts, durations)
def test_working_time_between_inverts_add_working_hours(cal, start, hours):
    assert cal.working_time_between(start, cal.add_working_hours(start, hours)) == hours


@given(calendars, starts, starts)
def test_working_time_between_is_antisymmetric(cal, a, b):
    assert cal.working_time_between(a, b) == -cal.working_time_between(b, a)


@given(calendars, starts, st.integers(min_value=0, max_value=60))
def test_a_working_day_is_a_day_of_office_time(cal, start, days):
    due = cal.add_working_days(start, days)
    assert due == cal.add_working_hours(start, cal.office_hours.daily_total * days)
    normalised = cal.normalise(start)
    openings = {session.start for session in cal.office_hours.sessions}
    if days and normalised.time() not in openings:
        # Strictly inside a session: same time of day, `days` working days later.
        assert due.time() == normalised.time()
        assert (
            sum(
                cal.is_working_day(normalised.date() + timedelta(days=n))
                for n in range(1, (due.date() - normalised.date()).days + 1)
            )
            == days
        )


@given(calendars, starts, st.integers(min_value=0, max_value=400))
def test_calendar_days_land_on_a_working_day_at_the_same_time(cal, start, days):
    normalised = cal.normalise(start)
    due = cal.add_calendar_days(start, days)
    assert due.time() == normalised.time()
    assert in_office_time(cal, due, closed_end=False)
    earliest = normalised.date() + timedelta(days=days)
    assert due.date() >= earliest
    assert not any(
        cal.is_working_day(earliest + timedelta(days=n)) for n in range((due.date() - earliest).days)
    )


@given(calendars, starts)
def test_normalise_is_idempotent_and_never_earlier(cal, start):
    normalised = cal.normalise(start)
    assert normalised >= start
    assert cal.normalise(normalised) == normalised
    assert in_office_time(cal, normalised, closed_end=False)
    assert cal.working_time_between(start, normalised) == timedelta()
