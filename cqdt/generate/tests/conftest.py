"""One small generated province per test module (generating is the slow part), rolled back at the end."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings

from cqdt.demo.seed import seed_demo_province
from cqdt.dossiers.models import Dossier, DossierCodeCounter
from cqdt.generate.province import generate_province

UNTIL = datetime(2026, 3, 20, 17, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNT = 400
SEED = 7


class _Undo(Exception):
    pass


def snapshot(first_id: int) -> list[tuple]:
    return list(
        Dossier.objects.filter(pk__gte=first_id)
        .order_by("pk")
        .values_list("pk", "code", "status", "applicant_name", "received_at", "finished_at", "due_at")
    )


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generate twice from the same state (the first run undone): both snapshots and the kept report."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
        transaction.atomic(),
    ):
        seed_demo_province()
        counters_before = DossierCodeCounter.objects.count()
        try:
            with transaction.atomic():
                first = generate_province(dossiers=COUNT, seed=SEED, years=1, until=UNTIL)
                first_rows = snapshot(first.first_id)
                raise _Undo
        except _Undo:
            pass
        report = generate_province(dossiers=COUNT, seed=SEED, years=1, until=UNTIL)
        yield {
            "report": report,
            "first": first_rows,
            "second": snapshot(report.first_id),
            "counters_before": counters_before,
            "media": media,
        }
        transaction.set_rollback(True)
