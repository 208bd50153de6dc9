"""`cqdt worker`: the Django Tasks database worker plus a scheduler thread (heartbeat, periodic jobs)."""

import os
import socket
import threading
from datetime import datetime

import structlog
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Worker

from cqdt.core.background import enqueue_due_periodic_jobs
from cqdt.core.models import WorkerHeartbeat

log = structlog.get_logger(__name__)


def beat(worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": timezone.now(), "started_at": started_at}
    )


class Scheduler(threading.Thread):
    def __init__(self, worker_id: str, tick_seconds: float) -> None:
        super().__init__(name="cqdt-scheduler", daemon=True)
        self.worker_id = worker_id
        self.tick_seconds = tick_seconds
        self.stopped = threading.Event()
        self.started_at = timezone.now()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, self.started_at)
                for name in enqueue_due_periodic_jobs():
                    log.info("periodic_job_enqueued", job=name)
            except Exception:
                log.exception("scheduler_tick_failed")
            finally:
                connection.close()
            self.stopped.wait(self.tick_seconds)


def run_worker(*, interval: float = 1.0, tick_seconds: float = 10.0, batch: bool = False) -> None:
    autodiscover_modules("tasks")
    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    scheduler = Scheduler(worker_id, tick_seconds)
    scheduler.start()
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    if not batch:
        worker.configure_signals()
    log.info("worker_started", worker_id=worker_id)
    try:
        worker.run()
    finally:
        scheduler.stopped.set()
        scheduler.join(timeout=tick_seconds + 5)
