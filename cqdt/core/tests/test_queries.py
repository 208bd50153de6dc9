"""`unique_or_none`: a lookup by a unique key without `.first()`'s ORDER BY."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.accounts.models import User
from cqdt.core.queries import unique_or_none

pytestmark = pytest.mark.django_db


def test_the_row_or_none_and_no_ordering() -> None:
    user = User.objects.create_user(username="lan.nguyen", password="Mat-khau-dai-2026")
    with CaptureQueriesContext(connection) as queries:
        assert unique_or_none(User.objects.filter(username="lan.nguyen")) == user
        assert unique_or_none(User.objects.filter(username="khong.co")) is None
    assert len(queries) == 2
    assert all("ORDER BY" not in query["sql"] for query in queries.captured_queries)


def test_two_rows_are_an_error_not_a_silent_pick() -> None:
    User.objects.create_user(username="a.tran", password="Mat-khau-dai-2026")
    User.objects.create_user(username="b.tran", password="Mat-khau-dai-2026")
    with pytest.raises(User.MultipleObjectsReturned):
        unique_or_none(User.objects.filter(username__endswith=".tran"))
