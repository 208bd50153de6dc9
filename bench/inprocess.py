"""Where a request's time goes: one request at a time, in process, against the benchmark database.

    .venv/bin/python -m bench.inprocess inbox-page [--repeat 200] [--profile 30] [--sql] [--explain]

Django's test client in this process, the product's settings (DEBUG off, Redis cache database 15, prepared
statements), the benchmark database ($BENCH_DATABASE, default cqdt_bench). Prints, after a warm-up, per
request: the median and mean milliseconds, the CPU milliseconds of this process (the database's share is
not in it), the number of queries and the milliseconds spent turning querysets into SQL (Django's
`SQLCompiler.as_sql`, outermost calls). --sql prints each query of one request with its time; --explain
runs each of them again under EXPLAIN (ANALYZE, BUFFERS); --profile N the N functions with the most time
of their own (cProfile). The lifecycle scenarios are the six calls of
bench/drive.py's lifecycle, so each adds a dossier to the benchmark database, as a run of bench.run does.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from typing import Any

from bench.run import environment

os.environ.update(environment({"CQDT_ALLOWED_HOSTS": "testserver"}))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models.sql.compiler import SQLCompiler  # noqa: E402
from django.test import Client  # noqa: E402

from bench import drive  # noqa: E402
from bench.prepare import DESK  # noqa: E402
from cqdt.accounts.models import User  # noqa: E402
from cqdt.agencies.models import Agency  # noqa: E402
from cqdt.dossiers.api_auth import api_token_create  # noqa: E402
from cqdt.dossiers.models import Dossier  # noqa: E402
from cqdt.dossiers.selectors import last_four_digits  # noqa: E402

OFFICER = "tamthanh.motcua"


class InProcessStaff:
    """bench.drive's Staff over the test client: the same calls, no sockets."""

    def __init__(self, tokens: dict[str, str], minimal: bool) -> None:
        self.clients = {name: Client(headers={"authorization": f"Bearer {t}"}) for name, t in tokens.items()}
        self.prefer = {"headers": {"prefer": "return=minimal"}} if minimal else {}

    def call(self, who: str, step: str, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        client = self.clients[who]
        if "json" in kwargs:
            response = client.post(path, kwargs["json"], content_type="application/json", **self.prefer)
        else:
            prefer = self.prefer if step != "receive" else {}
            response = client.post(path, kwargs.get("data") or {}, **prefer)
        if response.status_code not in (200, 201, 204):
            raise RuntimeError(f"{step}: HTTP {response.status_code} {response.content[:300]!r}")
        return response.json() if response.status_code != 204 else {}


def _staff_tokens() -> tuple[dict[str, str], dict[str, str]]:
    users = {u.username: u for u in User.objects.filter(username__startswith="tamthanh.", kind="staff")}
    tokens = {name: api_token_create(user=user) for name, user in users.items() if name != "tamthanh.quantri"}
    return tokens, {name: str(user.public_id) for name, user in users.items()}


def scenario(name: str, username: str = OFFICER) -> Any:
    officer = User.objects.get(username=username)
    page = Client()
    page.force_login(officer)
    api = Client(headers={"authorization": f"Bearer {api_token_create(user=officer)}"})
    desk = Agency.objects.get(internal_code=DESK)
    codes = iter(
        Dossier.objects.filter(receiving_unit=desk).order_by("-pk").values_list("code", flat=True)[:100_000]
    )

    def get(client: Client, path: str) -> Any:
        def one() -> None:
            response = client.get(path() if callable(path) else path)
            assert response.status_code == 200, response.status_code

        return one

    if name == "tracking-cached":
        # 50 codes of the desk in turn, so that after the warm-up every snapshot is in the cache.
        pairs = [
            (code, last_four_digits(phone) or last_four_digits(id_number))
            for code, phone, id_number in Dossier.objects.filter(receiving_unit=desk)
            .order_by("-pk")
            .values_list("code", "applicant_phone", "applicant_id_number")[:50]
        ]
        lookups = iter(pairs * 100_000)
        public = Client()

        def track() -> None:
            code, digits = next(lookups)
            body = json.dumps({"code": code, "digits": digits})
            response = public.post("/api/v1/tracking", body, content_type="application/json")
            assert response.status_code == 200, response.content

        return track
    if name.startswith("lifecycle"):
        tokens, people = _staff_tokens()
        staff = InProcessStaff(tokens, minimal=name.endswith("minimal"))
        return lambda: drive.lifecycle(staff, people)  # type: ignore[arg-type]
    return {
        "inbox-api": get(api, "/api/v1/dossiers/?box=all&limit=25"),
        "inbox-api-filtered": get(api, "/api/v1/dossiers/?box=all&limit=25&status=10&channel=online"),
        "to-process-api": get(api, "/api/v1/dossiers/?box=to_process&limit=25"),
        "inbox-page": get(page, "/mot-cua/?box=all"),
        "inbox-page-filtered": get(page, "/mot-cua/?box=all&status=10&channel=online"),
        "dossier-page": get(page, lambda: f"/mot-cua/ho-so/{next(codes)}/"),
        "dossier-api": get(api, lambda: f"/api/v1/dossiers/{next(codes)}"),
    }[name]


class CompileClock:
    """Milliseconds spent in SQLCompiler.as_sql, counting only the outermost call (subqueries nest)."""

    def __init__(self) -> None:
        self.ms = 0.0
        self.depth = 0
        self.original = SQLCompiler.as_sql

    def __enter__(self) -> CompileClock:
        clock, original = self, self.original

        def as_sql(compiler: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
            clock.depth += 1
            started = time.perf_counter()
            try:
                return original(compiler, *args, **kwargs)
            finally:
                clock.depth -= 1
                if clock.depth == 0:
                    clock.ms += (time.perf_counter() - started) * 1000

        SQLCompiler.as_sql = as_sql  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        SQLCompiler.as_sql = self.original  # type: ignore[method-assign]


def explain(queries: list[tuple[str, Any, float]]) -> None:
    """Each query again under EXPLAIN (ANALYZE, BUFFERS), inside a transaction that is rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            for sql, params, ms in queries:
                if not sql.lstrip().upper().startswith("SELECT"):
                    print(f"-- {ms:.2f} ms (not a SELECT, not explained)\n{sql[:300]}\n")
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"-- {ms:.2f} ms in the request  params={params!r}\n{sql}\n{plan}\n")
        finally:
            cursor.execute("ROLLBACK")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess")
    parser.add_argument(
        "scenario",
        choices=[
            "tracking-cached",
            "inbox-api",
            "inbox-api-filtered",
            "to-process-api",
            "inbox-page",
            "inbox-page-filtered",
            "dossier-page",
            "dossier-api",
            "lifecycle",
            "lifecycle-minimal",
        ],
    )
    parser.add_argument(
        "--user", default=OFFICER, help="the official whose inbox and pages are read (e.g. stp.motcua)"
    )
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print each query of one request, with its time")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) each query of one request"
    )
    parser.add_argument("--profile", type=int, default=0, help="print the N functions with most own time")
    parser.add_argument(
        "--cumulative", default="", help="with --profile: sort by cumulative time, only these"
    )
    args = parser.parse_args()
    one = scenario(args.scenario, args.user)
    for _ in range(args.warmup):
        one()
    queries: list[tuple[str, Any, float]] = []

    def timed(execute: Any, sql: str, params: Any, *rest: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, *rest)
        finally:
            queries.append((sql, params, (time.perf_counter() - started) * 1000))

    with connection.execute_wrapper(timed):
        one()
    if args.sql:
        for sql, params, ms in queries:
            print(f"-- {ms:.2f} ms  params={params!r}\n{sql}\n")
    if args.explain:
        explain(queries)
    timings, cpu = [], []
    profiler = cProfile.Profile() if args.profile else None
    with CompileClock() as compiling:
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            one()
            if profiler:
                profiler.disable()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    report = {
        "scenario": args.scenario,
        "repeat": args.repeat,
        "median_ms": round(statistics.median(timings), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "cpu_ms": round(
            statistics.fmean(cpu), 2
        ),  # this process only: the time waiting for the database is not in it
        "queries": len(queries),
        "sql_compile_ms": round(compiling.ms / args.repeat, 2),
    }
    json.dump(report, sys.stdout)
    print()
    if profiler:
        stats = pstats.Stats(profiler)
        if args.cumulative:
            stats.sort_stats("cumulative").print_stats(args.cumulative, args.profile)
        else:
            stats.sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
