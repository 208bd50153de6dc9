"""The calendar API: /api/v1/calendar/due and /api/v1/calendar/days-off."""

from datetime import date

import pytest

from cqdt.core.calendar_models import CalendarOverride

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due"
DAYS_OFF = "/api/v1/calendar/days-off"


def assert_problem(response, path: str, detail: str, title: str = "Tham số không hợp lệ") -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": title,
        "status": 400,
        "detail": detail,
        "instance": path,
    }


@pytest.mark.parametrize(
    ("params", "due"),
    [
        # Received on the last working day before Tết 2026: one working day is after the break.
        (
            {"start": "2026-02-13T10:00:00+07:00", "amount": "1", "unit": "working_days"},
            "2026-02-23T10:00:00+07:00",
        ),
        (
            {"start": "2026-02-13T10:00:00", "amount": "1", "unit": "working_days"},
            "2026-02-23T10:00:00+07:00",
        ),
        (
            {"start": "2026-02-13T03:00:00Z", "amount": "1", "unit": "working_days"},
            "2026-02-23T10:00:00+07:00",
        ),
        (
            {"start": "2026-03-09T07:00:00+07:00", "amount": "1", "unit": "working_days"},
            "2026-03-09T17:00:00+07:00",
        ),
        (
            {"start": "2026-03-09T10:00:00+07:00", "amount": "4", "unit": "working_hours"},
            "2026-03-09T16:00:00+07:00",
        ),
        (
            {"start": "2026-03-09T10:00:00+07:00", "amount": "1.5", "unit": "working_hours"},
            "2026-03-09T11:30:00+07:00",
        ),
        (
            {"start": "2026-02-09T10:00:00+07:00", "amount": "7", "unit": "calendar_days"},
            "2026-02-23T10:00:00+07:00",
        ),
        ({"start": "2026-03-14", "amount": "0", "unit": "working_days"}, "2026-03-16T07:00:00+07:00"),
        (
            # 3650 h = 456 working days (to Fri 31/12/2027, counted with holidays.is_working_day) + 2 h.
            {"start": "2026-03-09T09:00:00+07:00", "amount": "3650", "unit": "working_hours"},
            "2027-12-31T11:00:00+07:00",
        ),
    ],
)
def test_due(client, params, due):
    response = client.get(DUE, params)
    assert response.status_code == 200
    assert response.json() == {"due": due}


def test_due_accepts_an_unescaped_plus_in_the_offset(client):
    response = client.get(f"{DUE}?start=2026-02-13T10:00:00+07:00&amount=1&unit=working_days")
    assert response.status_code == 200
    assert response.json() == {"due": "2026-02-23T10:00:00+07:00"}


def test_due_uses_stored_overrides(client):
    # Tết Dương lịch 2026: Friday 02/01 off, Saturday 10/01 worked (not in the holidays package).
    CalendarOverride.objects.create(date=date(2026, 1, 2), kind="day_off", reason="Nghỉ Tết Dương lịch")
    CalendarOverride.objects.create(
        date=date(2026, 1, 10), kind="working_day", reason="Làm bù cho ngày 02/01/2026"
    )
    params = {"start": "2025-12-31T09:00:00+07:00", "amount": "1", "unit": "working_days"}
    assert client.get(DUE, params).json() == {"due": "2026-01-05T09:00:00+07:00"}
    params = {"start": "2026-01-09T09:00:00+07:00", "amount": "1", "unit": "working_days"}
    assert client.get(DUE, params).json() == {"due": "2026-01-10T09:00:00+07:00"}


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"amount": "1", "unit": "working_days"}, "Thiếu tham số start (thời điểm bắt đầu)."),
        ({"start": "2026-03-09T09:00:00+07:00", "unit": "working_days"}, "Thiếu tham số amount (thời hạn)."),
        ({"start": "2026-03-09T09:00:00+07:00", "amount": "1"}, "Thiếu tham số unit (đơn vị thời hạn)."),
        (
            {"start": "2026-03-09T09:00:00+07:00", "amount": "1", "unit": "weeks"},
            "Tham số unit phải là một trong: working_days, working_hours, calendar_days.",
        ),
        (
            {"start": "09/03/2026 09:00", "amount": "1", "unit": "working_days"},
            "Tham số start không phải thời điểm ISO 8601, ví dụ 2026-02-13T09:00:00+07:00.",
        ),
        (
            {"start": "1999-12-31T09:00:00+07:00", "amount": "1", "unit": "working_days"},
            "Thời điểm bắt đầu phải trong các năm 2000–2100.",
        ),
        (
            {"start": "2026-03-09T09:00:00+07:00", "amount": "một", "unit": "working_days"},
            "Tham số amount phải là một số.",
        ),
        (
            {"start": "2026-03-09T09:00:00+07:00", "amount": "-1", "unit": "working_days"},
            "Tham số amount phải là số không âm, tối đa 3650.",
        ),
        (
            {"start": "2026-03-09T09:00:00+07:00", "amount": "3651", "unit": "calendar_days"},
            "Tham số amount phải là số không âm, tối đa 3650.",
        ),
        (
            {"start": "2026-03-09T09:00:00+07:00", "amount": "NaN", "unit": "working_hours"},
            "Tham số amount phải là số không âm, tối đa 3650.",
        ),
        (
            {"start": "2026-03-09T09:00:00+07:00", "amount": "1.5", "unit": "working_days"},
            "Thời hạn tính theo ngày phải là số nguyên.",
        ),
    ],
)
def test_due_rejects_bad_parameters(client, params, detail):
    assert_problem(client.get(DUE, params), DUE, detail)


def test_due_beyond_the_supported_years(client):
    params = {"start": "2100-12-01T09:00:00+07:00", "amount": "365", "unit": "working_days"}
    assert_problem(
        client.get(DUE, params),
        DUE,
        "Thời hạn vượt quá phạm vi lịch được hỗ trợ.",
        title="Ngoài phạm vi lịch làm việc",
    )


def test_days_off_2026(client, django_assert_num_queries):
    CalendarOverride.objects.create(date=date(2026, 1, 2), kind="day_off", reason="Nghỉ Tết Dương lịch")
    CalendarOverride.objects.create(
        date=date(2026, 1, 10), kind="working_day", reason="Làm bù cho ngày 02/01/2026"
    )
    with django_assert_num_queries(1):
        response = client.get(DAYS_OFF, {"year": "2026"})
    assert response.status_code == 200
    assert response.json() == {
        "year": 2026,
        "days_off": [
            {"date": "2026-01-01", "reason": "Tết Dương lịch"},
            {"date": "2026-01-02", "reason": "Nghỉ Tết Dương lịch"},
            {"date": "2026-02-16", "reason": "Giao thừa Tết Nguyên Đán"},
            {"date": "2026-02-17", "reason": "Tết Nguyên Đán"},
            {"date": "2026-02-18", "reason": "Mùng hai Tết Nguyên Đán"},
            {"date": "2026-02-19", "reason": "Mùng ba Tết Nguyên Đán"},
            {"date": "2026-02-20", "reason": "Mùng bốn Tết Nguyên Đán"},
            {"date": "2026-04-27", "reason": "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"},
            {"date": "2026-04-30", "reason": "Ngày Chiến thắng"},
            {"date": "2026-05-01", "reason": "Ngày Quốc tế Lao động"},
            {"date": "2026-08-31", "reason": "Ngày nghỉ (thay cho ngày 22/08/2026)"},
            {"date": "2026-09-01", "reason": "Quốc khánh"},
            {"date": "2026-09-02", "reason": "Quốc khánh"},
            {"date": "2026-11-24", "reason": "Ngày Văn hóa Việt Nam"},
        ],
        "makeup_working_days": [
            {"date": "2026-01-10", "reason": "Làm bù cho ngày 02/01/2026"},
            {"date": "2026-08-22", "reason": "Làm bù cho ngày nghỉ 31/08/2026"},
        ],
    }


def test_days_off_2025_makeup_saturday(client):
    body = client.get(DAYS_OFF, {"year": "2025"}).json()
    assert body["makeup_working_days"] == [
        {"date": "2025-04-26", "reason": "Làm bù cho ngày nghỉ 02/05/2025"}
    ]
    assert [day["date"] for day in body["days_off"]][1:6] == [
        "2025-01-27",
        "2025-01-28",
        "2025-01-29",
        "2025-01-30",
        "2025-01-31",
    ]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({}, "Thiếu tham số year (năm)."),
        ({"year": "năm nay"}, "Tham số year phải là một số nguyên, ví dụ 2026."),
        ({"year": "1999"}, "Tham số year phải trong khoảng 2000–2100."),
        ({"year": "2101"}, "Tham số year phải trong khoảng 2000–2100."),
    ],
)
def test_days_off_rejects_bad_years(client, params, detail):
    assert_problem(client.get(DAYS_OFF, params), DAYS_OFF, detail)
