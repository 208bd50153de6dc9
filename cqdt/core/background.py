"""A small layer over Django Tasks: retries with exponential backoff, and periodic jobs.

A task function decorated with `retrying_task` gets an `attempt` keyword argument handled here: when it
raises, the same task is enqueued again to run after a growing delay, until `max_attempts`.
Periodic jobs are registered with `periodic_task`; `cqdt worker` enqueues each one when it is due.
"""

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from cqdt.core.models import PeriodicJob

P = ParamSpec("P")
T = TypeVar("T")

log = structlog.get_logger(__name__)


def backoff_delay(attempt: int, *, base_seconds: int, jitter: float = 0.1) -> timedelta:
    """Delay before attempt `attempt + 1`: base · 2^(attempt−1), capped at a day, with a little jitter."""
    seconds = min(base_seconds * 2 ** (attempt - 1), 86_400)
    return timedelta(seconds=seconds * (1 + random.uniform(0, jitter)))  # noqa: S311


def retrying_task(
    *, max_attempts: int | None = None, backoff_seconds: int | None = None, **task_options: Any
) -> Callable[[Callable[..., T]], Task[..., T]]:
    def decorator(func: Callable[..., T]) -> Task[..., T]:
        @functools.wraps(func)
        def run(*args: Any, attempt: int = 1, **kwargs: Any) -> T:
            limit = max_attempts or settings.CQDT_TASK_MAX_ATTEMPTS
            try:
                return func(*args, **kwargs)
            except Exception:
                if attempt >= limit:
                    log.error("task_gave_up", task=func.__qualname__, attempt=attempt)
                    raise
                delay = backoff_delay(
                    attempt, base_seconds=backoff_seconds or settings.CQDT_TASK_BACKOFF_SECONDS
                )
                retry = the_task.using(run_after=timezone.now() + delay)
                retry.enqueue(*args, attempt=attempt + 1, **kwargs)
                log.warning(
                    "task_retry_scheduled", task=func.__qualname__, attempt=attempt, delay_s=delay.seconds
                )
                raise

        the_task: Task[..., T] = task(**task_options)(run)
        return the_task

    return decorator


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    every: timedelta
    task: Task[..., Any]


_registry: dict[str, PeriodicSpec] = {}


def periodic_task(*, every: timedelta, **task_options: Any) -> Callable[[Callable[[], T]], Task[[], T]]:
    """Register a task without arguments to be enqueued by the worker every `every`."""

    def decorator(func: Callable[[], T]) -> Task[[], T]:
        the_task: Task[[], T] = task(**task_options)(func)
        name = f"{func.__module__}.{func.__qualname__}"
        _registry[name] = PeriodicSpec(name=name, every=every, task=the_task)
        return the_task

    return decorator


def registered_periodic_jobs() -> list[PeriodicSpec]:
    return sorted(_registry.values(), key=lambda spec: spec.name)


def enqueue_due_periodic_jobs() -> list[str]:
    """Enqueue every registered job whose time has come; safe with several workers (row locks)."""
    now = timezone.now()
    enqueued: list[str] = []
    for spec in registered_periodic_jobs():
        with transaction.atomic():
            PeriodicJob.objects.get_or_create(name=spec.name, defaults={"next_run_at": now})
            job = PeriodicJob.objects.select_for_update(skip_locked=True).filter(name=spec.name).first()
            if job is None or job.next_run_at > now:
                continue
            spec.task.enqueue()
            job.last_enqueued_at = now
            job.next_run_at = now + spec.every
            job.save(update_fields=["last_enqueued_at", "next_run_at"])
            enqueued.append(spec.name)
    return enqueued
