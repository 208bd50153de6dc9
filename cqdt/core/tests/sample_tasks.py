"""Tasks used by the tests of the background layer (importable by the worker, as real tasks are)."""

from datetime import timedelta

from cqdt.core.background import periodic_task, retrying_task

calls: list[str] = []


class FlakyError(RuntimeError):
    pass


@retrying_task(max_attempts=3, backoff_seconds=60)
def always_failing(label: str) -> None:
    calls.append(label)
    raise FlakyError(label)


@retrying_task(max_attempts=3, backoff_seconds=60)
def succeeding(label: str) -> str:
    calls.append(label)
    return label.upper()


@periodic_task(every=timedelta(minutes=15))
def quarter_hourly() -> None:
    calls.append("quarter_hourly")
