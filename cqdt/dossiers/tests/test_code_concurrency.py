"""Dossier codes under concurrent reception: no gap, no duplicate (PostgreSQL, real row locks)."""

import threading

import pytest
from django.db import connection, connections

from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.tests.factories import make_world
from cqdt.dossiers.tests.helpers import applicant

THREADS = 8
PER_THREAD = 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_receptions_in_one_unit_get_distinct_gapless_codes():
    world = make_world()
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def receive_many() -> None:
        try:
            start.wait()
            for _ in range(PER_THREAD):
                services.dossier_receive(
                    actor=world.counter_officer,
                    unit=world.centre,
                    case=world.case,
                    applicant=applicant(email=""),
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive_many) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == THREADS * PER_THREAD
    assert len(set(codes)) == THREADS * PER_THREAD
    prefixes = {code.rsplit("-", 1)[0] for code in codes}
    assert len(prefixes) == 1  # one unit, one day
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))
