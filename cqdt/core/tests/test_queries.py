"""`unique_or_none`: a lookup by a unique key without `.first()`'s ORDER BY."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.core.models import PeriodicJob
from cqdt.core.queries import unique_or_none

pytestmark = pytest.mark.django_db

DUE = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


def test_the_row_or_none_and_no_ordering() -> None:
    job = PeriodicJob.objects.create(name="thong-ke.tom-tat", next_run_at=DUE)
    with CaptureQueriesContext(connection) as queries:
        assert unique_or_none(PeriodicJob.objects.filter(name="thong-ke.tom-tat")) == job
        assert unique_or_none(PeriodicJob.objects.filter(name="khong-co")) is None
    assert len(queries) == 2
    assert all("ORDER BY" not in query["sql"] for query in queries.captured_queries)


def test_two_rows_are_an_error_not_a_silent_pick() -> None:
    PeriodicJob.objects.create(name="a.nhac-han", next_run_at=DUE)
    PeriodicJob.objects.create(name="b.nhac-han", next_run_at=DUE)
    with pytest.raises(PeriodicJob.MultipleObjectsReturned):
        unique_or_none(PeriodicJob.objects.filter(name__endswith=".nhac-han"))
