from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from cqdt.core.background import backoff_delay, enqueue_due_periodic_jobs
from cqdt.core.models import PeriodicJob
from cqdt.core.tests import sample_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def run_ready_tasks() -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def test_backoff_doubles_per_attempt_and_caps_at_a_day():
    assert backoff_delay(1, base_seconds=30, jitter=0) == timedelta(seconds=30)
    assert backoff_delay(4, base_seconds=30, jitter=0) == timedelta(seconds=240)
    assert backoff_delay(30, base_seconds=30, jitter=0) == timedelta(days=1)


def test_failing_task_is_retried_later_with_the_next_attempt_number():
    sample_tasks.calls.clear()
    sample_tasks.always_failing.enqueue("a")
    before = timezone.now()
    run_ready_tasks()

    assert sample_tasks.calls == ["a"]
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["FAILED", "READY"]
    retry = results[1]
    assert retry.args_kwargs == {"args": ["a"], "kwargs": {"attempt": 2}}
    assert timedelta(seconds=60) <= retry.run_after - before <= timedelta(seconds=70)


def test_retries_stop_after_max_attempts():
    sample_tasks.calls.clear()
    sample_tasks.always_failing.enqueue("b")
    start = timezone.now()
    for hours_later in range(4):
        with time_machine.travel(start + timedelta(hours=hours_later), tick=True):
            run_ready_tasks()

    assert sample_tasks.calls == ["b", "b", "b"]
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_successful_task_is_not_retried():
    sample_tasks.calls.clear()
    sample_tasks.succeeding.enqueue("ok")
    run_ready_tasks()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "OK"


def test_periodic_job_is_enqueued_once_per_interval():
    name = "cqdt.core.tests.sample_tasks.quarter_hourly"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert name in enqueue_due_periodic_jobs()
        assert name not in enqueue_due_periodic_jobs()
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert name not in enqueue_due_periodic_jobs()
    with time_machine.travel(start + timedelta(minutes=15), tick=False):
        assert name in enqueue_due_periodic_jobs()

    assert DBTaskResult.objects.filter(task_path=name).count() == 2
    assert PeriodicJob.objects.get(name=name).next_run_at == start + timedelta(minutes=30)
