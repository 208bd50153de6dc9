"""`generate_province`: N dossiers over several years on top of the demo province, in one transaction.

The arrivals are planned (and given their codes) in one pass; their lives are then replayed in chunks
of `CHUNK` dossiers, each with its own random stream derived from the seed and its own ranges of
primary keys, so the result does not depend on how many processes replay them. On PostgreSQL with more
than one chunk, worker processes replay and format the rows while this process streams them with COPY.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from cqdt.core.calendar import calendar_from_settings
from cqdt.demo.seed import seed_demo_province
from cqdt.dossiers.models import DossierCodeCounter
from cqdt.dossiers.services import statistics_months_due, statistics_months_refresh
from cqdt.generate.clock import OfficeClock
from cqdt.generate.columns import TABLES
from cqdt.generate.copyformat import copy_text
from cqdt.generate.directory import Directory, load_directory
from cqdt.generate.lifecycle import Simulation
from cqdt.generate.loader import Loader
from cqdt.generate.pdfs import StoredSample, store_samples
from cqdt.generate.plan import Arrival, plan_arrivals

CHUNK = 10_000  # part of the output's definition: changing it changes what a seed generates
# Below this many dossiers the indexes are kept (rebuilding them would cost more than maintaining them).
REBUILD_INDEXES_FROM = 50_000
# Due dates and step deadlines of open dossiers lie after `now`: the clock must know the days ahead.
DAYS_AHEAD = 400

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class GenerateReport:
    dossiers: int
    seed: int
    since: datetime
    until: datetime
    first_id: int
    rows: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    counters: int = 0
    processes: int = 1
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Context:
    directory: Directory
    clock: OfficeClock
    samples: list[StoredSample]
    now: datetime
    seed: int
    id_bases: dict[str, int]
    capacity: dict[str, int]  # ids reserved per dossier in each table
    as_text: bool


_context: _Context | None = None  # inherited by forked workers


def _capacity(directory: Directory) -> dict[str, int]:
    steps = max(len(c.steps) for p in directory.procedures for c in p.cases) + 1
    components = max((len(c.components) for p in directory.procedures for c in p.cases), default=0)
    return {
        "step": steps,
        "component": max(components, 1),
        "involved": steps + 3,
        "file": 4,
        "history": 2 * steps + 6,
        "pause": 1,
    }


def _replay(
    job: tuple[int, list[tuple[int, str, Arrival]]],
) -> tuple[dict[str, Any], Counter[int], dict[str, int]]:
    """Replay one chunk; returns its rows (or COPY text), its statuses and its row counts."""
    number, items = job
    context = _context
    assert context is not None
    ids = {table: base + number * CHUNK * context.capacity[table] for table, base in context.id_bases.items()}
    simulation = Simulation(
        directory=context.directory,
        clock=context.clock,
        rng=random.Random(f"cqdt-generate:{context.seed}:{number}"),  # noqa: S311  (reproducible)
        now=context.now,
        samples=context.samples,
        next_ids=ids,
    )
    statuses: Counter[int] = Counter()
    for pk, code, arrival in items:
        statuses[simulation.dossier(pk, code, arrival)] += 1
    rows = simulation.take_rows()
    counts = {name: len(table_rows) for name, table_rows in rows.items()}
    for table, used in simulation.ids.items():
        if table != "dossier" and used > ids[table] + CHUNK * context.capacity[table]:
            raise AssertionError(f"chunk {number} overflowed its id range in {table}")
    payload: dict[str, Any] = (
        {name: copy_text(name, r) for name, r in rows.items()} if context.as_text else rows
    )
    return payload, statuses, counts


def _number(
    arrivals: list[Arrival],
    directory: Directory,
    first_id: int,
    counters: dict[tuple[int, date], int],
    zone: Any,
) -> tuple[list[tuple[int, str, Arrival]], dict[tuple[int, date], int]]:
    """Dossier ids and codes in the order the codes are handed out, continuing each unit's daily counter."""
    numbers: dict[tuple[int, date], int] = {}
    items = []
    for index, arrival in enumerate(arrivals):
        desk = directory.desk_of[arrival.handler]
        day = datetime.fromtimestamp(arrival.code_time, zone).date()
        key = (desk, day)
        number = numbers.get(key, counters.get(key, 0)) + 1
        numbers[key] = number
        code = f"{directory.agencies[desk].identifier_code}-{day:%y%m%d}-{number:04d}"
        items.append((first_id + index, code, arrival))
    return items, numbers


def generate_province(
    *,
    dossiers: int,
    seed: int,
    years: float = 3,
    until: datetime | None = None,
    processes: int | None = None,
    rebuild_indexes: bool | None = None,
    progress: Progress | None = None,
) -> GenerateReport:
    """Add `dossiers` dossiers received over the `years` before `until` (default: now).

    The same seed, count, span and `until` give the same codes, applicants, statuses and history on any
    database that holds the same demo province and counters.
    """
    global _context
    if dossiers < 1:
        raise ValueError("Số hồ sơ cần sinh phải lớn hơn 0.")
    if years <= 0:
        raise ValueError("Số năm phải lớn hơn 0.")
    report = progress or (lambda phase, done, total: None)
    timings: dict[str, float] = {}
    started = time.monotonic()
    now = (until or timezone.now()).replace(microsecond=0)
    since = now - timedelta(days=round(365 * years))
    seed_demo_province()
    directory = load_directory()
    samples = store_samples()
    calendar = calendar_from_settings()
    clock = OfficeClock(calendar, since.date() - timedelta(days=7), now.date() + timedelta(days=DAYS_AHEAD))
    arrivals = plan_arrivals(
        directory=directory,
        clock=clock,
        rng=random.Random(seed),  # noqa: S311  (reproducible, not secret)
        count=dossiers,
        since=since,
        now=now,
    )
    timings["plan"] = time.monotonic() - started
    rebuild = dossiers >= REBUILD_INDEXES_FROM if rebuild_indexes is None else rebuild_indexes
    chunks = (dossiers + CHUNK - 1) // CHUNK
    postgres = connection.vendor == "postgresql"
    workers = min(processes or os.cpu_count() or 1, chunks) if postgres else 1
    statuses: Counter[int] = Counter()
    rows: Counter[str] = Counter()
    with transaction.atomic():
        loader = Loader(rebuild_indexes=rebuild)
        next_ids = loader.prepare()
        if postgres:  # receptions wait for the generated numbers, not the reverse
            with connection.cursor() as cursor:
                cursor.execute(
                    f'LOCK TABLE "{DossierCodeCounter._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE'
                )
        counters = _existing_counters(since.date())
        first_id = next_ids.pop("dossier")
        items, numbers = _number(arrivals, directory, first_id, counters, clock.zone)
        del arrivals
        _context = _Context(directory, clock, samples, now, seed, next_ids, _capacity(directory), postgres)
        jobs = [(k, items[k * CHUNK : (k + 1) * CHUNK]) for k in range(chunks)]
        load_started = time.monotonic()
        done = 0
        for payload, chunk_statuses, counts in _run(jobs, workers):
            for name in TABLES:
                if counts.get(name):
                    if postgres:
                        loader.write_text(name, payload[name])
                    else:
                        loader.write({name: payload[name]})
            statuses.update(chunk_statuses)
            rows.update(counts)
            done += sum(chunk_statuses.values())
            report("load", done, dossiers)
        _context = None
        timings["load"] = time.monotonic() - load_started
        finish_started = time.monotonic()
        steps, finished = loader.rebuild_steps, [0]

        def on_step(table: str, statement: str) -> None:
            finished[0] += 1
            report("indexes", finished[0], steps)

        loader.finish(on_step)
        _save_counters(numbers, counters)
        timings["indexes"] = time.monotonic() - finish_started
    vacuum_started = time.monotonic()
    loader.vacuum()
    timings["vacuum"] = time.monotonic() - vacuum_started
    summary_started = time.monotonic()
    statistics_months_refresh(months=statistics_months_due())  # what the worker would otherwise backfill
    timings["statistics"] = time.monotonic() - summary_started
    timings["total"] = time.monotonic() - started
    channels = Counter(str(item[2].channel) for item in items)
    return GenerateReport(
        dossiers=dossiers,
        seed=seed,
        since=since,
        until=now,
        first_id=first_id,
        rows={name: rows[name] for name in TABLES},
        statuses=dict(sorted(statuses.items())),
        channels=dict(sorted(channels.items())),
        counters=len(numbers),
        processes=workers,
        seconds=timings,
    )


def _run(jobs: list[tuple[int, list[tuple[int, str, Arrival]]]], workers: int) -> Iterator[Any]:
    if workers <= 1:
        yield from map(_replay, jobs)
        return
    # Forked workers inherit the context; they never touch the database connection.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_replay, jobs)


def _existing_counters(first_day: date) -> dict[tuple[int, date], int]:
    return {
        (unit, day): last
        for unit, day, last in DossierCodeCounter.objects.filter(day__gte=first_day - timedelta(days=1))
        .values_list("unit_id", "day", "last_number")
        .iterator(chunk_size=10_000)
    }


def _save_counters(numbers: dict[tuple[int, date], int], existing: dict[tuple[int, date], int]) -> None:
    """New receptions continue each unit's daily sequence after the generated numbers."""
    for (unit, day), last in numbers.items():
        if (unit, day) in existing:
            DossierCodeCounter.objects.filter(unit_id=unit, day=day).update(last_number=last)
    DossierCodeCounter.objects.bulk_create(
        [
            DossierCodeCounter(unit_id=unit, day=day, last_number=last)
            for (unit, day), last in sorted(numbers.items())
            if (unit, day) not in existing
        ],
        batch_size=5_000,
    )
