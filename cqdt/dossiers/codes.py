"""Dossier codes `{receiving unit identifier}-{yyMMdd}-{NNNN}` from a locked per-unit daily counter."""

from datetime import datetime

from django.core.exceptions import ValidationError

from cqdt.agencies.models import Agency
from cqdt.dossiers.deadlines import local_date
from cqdt.dossiers.models import DossierCodeCounter


def next_dossier_code(*, unit: Agency, at: datetime) -> str:
    """Hand out the next code of `unit` for the Vietnam-time date of `at`. Call inside a transaction.

    The counter row is locked until the caller's transaction ends, so concurrent receptions in one unit
    queue up behind each other and a rollback gives the number back: no gap, no duplicate.
    """
    if not unit.identifier_code:
        raise ValidationError(f"Đơn vị tiếp nhận “{unit.name}” chưa có mã định danh; không thể cấp mã hồ sơ.")
    day = local_date(at)
    # ON CONFLICT DO NOTHING rather than catching the IntegrityError: the error's rollback to a savepoint
    # would make psycopg drop every prepared statement of the connection, on every reception but the day's
    # first.
    DossierCodeCounter.objects.bulk_create(
        [DossierCodeCounter(unit=unit, day=day, last_number=0)], ignore_conflicts=True
    )
    counter = DossierCodeCounter.objects.select_for_update().get(unit=unit, day=day)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{unit.identifier_code}-{day:%y%m%d}-{counter.last_number:04d}"
