"""Run every benchmark scenario against `cqdt serve` (gunicorn, production settings) on PostgreSQL.

    .venv/bin/python -m bench.run [--generate N --seed S] [--duration 20] [--label 100k] [--py-spy]

Uses the database `cqdt_bench` (or $BENCH_DATABASE) on 127.0.0.1 (created and migrated when
--generate is given, dropped first), loopback only, bounded durations. Prints a Markdown table and
writes bench/results/<label>.json. Each measurement carries the load average (`/proc/loadavg`) at its
start: on a shared machine the numbers are upper bounds on latency and lower bounds on throughput.

With --py-spy, py-spy samples the web workers during each scenario (bench/pyspy.py): the raw stacks go to
bench/results/profiles/<label>/<scenario number>.txt.gz and each result gets "py_spy", the share of the
samples in each bucket (SQL, ORM, templates, ...). Sampling costs the server some throughput: such a run
is for the profile, not for the table's numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from functools import partial
from pathlib import Path
from typing import Any

import redis

from bench import cpu, drive, pyspy

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = ["-h", "127.0.0.1", "-U", "postgres"]
DATABASE = os.environ.get("BENCH_DATABASE", "cqdt_bench")  # e.g. cqdt_bench_100k for the quick run
SCRATCH = "cqdt_bench_pgbench"
CACHE_URL = "redis://127.0.0.1:6379/15"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = int(os.environ.get("BENCH_PORT") or _free_port())
BASE = f"http://127.0.0.1:{PORT}"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "CQDT_DEBUG": "0",
            "CQDT_SECRET_KEY": env.get("CQDT_SECRET_KEY") or secrets.token_urlsafe(48),
            "CQDT_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "CQDT_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CQDT_BIND": f"127.0.0.1:{PORT}",
            "CQDT_VAR_DIR": str(ROOT / "var" / "bench"),
            "CQDT_LOG_LEVEL": "WARNING",
            # Redis as production uses it (a shared cache for rate limits and tracking snapshots), on a
            # database of its own that the run empties first.
            "CQDT_CACHE_URL": env.get("CQDT_CACHE_URL") or CACHE_URL,
            # All the load comes from one address; the per-address limit would stop it after 20 lookups.
            "CQDT_TRACKING_RATE_LIMIT": env.get("CQDT_TRACKING_RATE_LIMIT") or "1000000000/60",
        }
    )
    env.update(extra or {})
    return env


def sh(
    command: list[str], env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, cwd=ROOT, text=True, capture_output=True, check=True, **kwargs)  # noqa: S603


def generate(count: int, seed: int, until: str, env: dict[str, str]) -> dict[str, Any]:
    subprocess.run(["dropdb", *PG, "--if-exists", DATABASE], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *PG, DATABASE], check=True)  # noqa: S603, S607
    sh([PYTHON, "-m", "cqdt.cli", "manage", "migrate", "-v0"], env)
    started = time.monotonic()
    before = loadavg()
    out = sh(
        [
            PYTHON,
            "-m",
            "cqdt.cli",
            "generate",
            "--dossiers",
            str(count),
            "--seed",
            str(seed),
            "--until",
            until,
        ],
        env,
    )
    print(out.stdout[-3000:])
    return {
        "dossiers": count,
        "seconds": round(time.monotonic() - started, 1),
        "loadavg_before": before,
        "loadavg_after": loadavg(),
    }


def _run_wrk(
    name: str, script: str, env: dict[str, str], *, connections: int, duration: int
) -> dict[str, Any]:
    load = loadavg()
    command = [
        "wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
        "-s", str(ROOT / "bench/wrk" / script), BASE,
    ]  # fmt: skip
    out = subprocess.run(command, env=env, text=True, capture_output=True, check=True)  # noqa: S603
    data = json.loads(re.search(r"BENCH_JSON (\{.*\})", out.stdout).group(1))  # type: ignore[union-attr]
    rps = data["requests"] / (data["duration_us"] / 1e6)
    errors = data["status_errors"] + data["connect_errors"] + data["read_errors"] + data["timeouts"]
    return {
        "scenario": name, "concurrency": connections, "requests": data["requests"], "rps": round(rps, 1),
        "p50_ms": data["p50_us"] / 1000, "p95_ms": data["p95_us"] / 1000, "p99_ms": data["p99_us"] / 1000,
        "errors": errors, "loadavg": load,
    }  # fmt: skip


def _lines_file(lines: list[str]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    return handle.name


def wrk(
    name: str, paths: list[str], *, connections: int, duration: int, header: dict[str, str]
) -> dict[str, Any]:
    """GET the paths in turn, after checking that the first one answers 200 where it was asked."""
    check = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
        BASE + paths[0],
        headers={"Authorization": header.get("BENCH_AUTH", ""), "Cookie": header.get("BENCH_COOKIE", "")},
    )
    with urllib.request.urlopen(check, timeout=120) as response:  # noqa: S310  (http://127.0.0.1 only)
        if response.status != 200 or response.geturl() != BASE + paths[0]:
            raise RuntimeError(f"{name}: {paths[0]} answered {response.status} at {response.geturl()}")
    listing = _lines_file(paths)
    try:
        env = dict(os.environ, BENCH_PATHS=listing, **header)
        return _run_wrk(name, "paths.lua", env, connections=connections, duration=duration)
    finally:
        os.unlink(listing)


def wrk_tracking(name: str, pairs: list[list[str]], *, connections: int, duration: int) -> dict[str, Any]:
    """POST /api/v1/tracking with each (code, digits) pair in turn; every answer must be 200."""
    listing = _lines_file([f"{code} {digits}" for code, digits in pairs])
    try:
        env = dict(os.environ, BENCH_PAIRS=listing)
        return _run_wrk(name, "tracking.lua", env, connections=connections, duration=duration)
    finally:
        os.unlink(listing)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def driven(
    name: str, result: drive.Result, elapsed: float, concurrency: int, load: str, unit: str
) -> dict[str, Any]:
    every = [v for values in result.latencies.values() for v in values]
    rps = round(len(every) / elapsed, 1)
    return {
        "scenario": name, "concurrency": concurrency, "requests": len(every), "rps": rps,
        unit: round(result.completed / elapsed, 2), "p50_ms": round(percentile(every, 0.5) * 1000, 1),
        "p95_ms": round(percentile(every, 0.95) * 1000, 1),
        "p99_ms": round(percentile(every, 0.99) * 1000, 1),
        "errors": len(result.errors), "first_error": result.errors[0][:300] if result.errors else "",
        "per_step_p95_ms": {k: round(percentile(v, 0.95) * 1000, 1) for k, v in result.latencies.items()},
        "loadavg": load,
    }  # fmt: skip


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def pgbench(duration: int) -> dict[str, Any]:
    subprocess.run(["dropdb", *PG, "--if-exists", SCRATCH], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *PG, SCRATCH], check=True)  # noqa: S603, S607
    try:
        subprocess.run(["pgbench", *PG, "-i", "-s", "10", "-q", SCRATCH], check=True, capture_output=True)  # noqa: S603, S607
        load = loadavg()
        out = subprocess.run(  # noqa: S603
            ["pgbench", *PG, "-S", "-c", "8", "-j", "2", "-T", str(duration), SCRATCH],  # noqa: S607
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        subprocess.run(["dropdb", *PG, "--if-exists", SCRATCH], check=True)  # noqa: S603, S607
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))  # type: ignore[union-attr]
    return {
        "scenario": "ceiling: PostgreSQL alone (pgbench -S, 8 clients)",
        "rps": tps,
        "mean_ms": latency,
        "loadavg": load,
    }


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "cqdt.cli", "serve"],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError("cqdt serve exited; see " + str(log))
        try:
            with urllib.request.urlopen(BASE + "/bench/bare/", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("cqdt serve did not start; see " + str(log))


def worker_rss(env: dict[str, str]) -> int:
    worker = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "cqdt.cli", "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(15)
        return max([rss_kb(worker.pid), *[rss_kb(child) for child in children(worker.pid)]])
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def scenario_number(name: str) -> str:
    """'2a. inbox API box=all, first page' → '2a'; 'ceiling: bare Django view' → 'ceiling'."""
    return name.split(" ", 1)[0].rstrip(".:")


def profile(recording: pyspy.Recording) -> dict[str, Any]:
    """Stop py-spy and summarise its samples; a failed profile does not cost the measurement."""
    try:
        raw = recording.finish()
        summary = pyspy.summarise([raw])
        raw = pyspy.compress(raw)
    except (OSError, RuntimeError, ValueError) as error:
        return {"failure": repr(error)[:500]}
    return {
        "profile": str(raw.relative_to(ROOT)),
        "samples": summary.samples,
        "share_pct": {bucket.name: bucket.share_pct for bucket in summary.buckets},
    }


def guarded(
    results: list[dict[str, Any]],
    name: str,
    measure: Any,
    server_pid: int,
    profiles: Path | None = None,
    duration: int = 0,
) -> None:
    """Run one measurement and note where the CPU went; a failure is recorded instead of losing the others.

    With `profiles`, py-spy samples the server's workers from just before the measurement until it returns.
    """
    recording = None
    try:
        if profiles is not None:
            # Stopped when the measurement returns; the limit only ends a recording that nothing stopped.
            recording = pyspy.record(server_pid, profiles / f"{scenario_number(name)}.txt", duration + 60)
        before = cpu.sample()
        result = measure()
        # Taken before py-spy is stopped and reaped, so that its CPU counts as "other", not "load".
        spent = cpu.seconds_by_role(before, cpu.sample(), server_pid)
        result["cpu_s"] = spent
        if result.get("requests"):
            result["cpu_ms_per_request"] = {
                k: round(v * 1000 / result["requests"], 2) for k, v in spent.items()
            }
        if recording is not None:
            result["py_spy"] = profile(recording)
        results.append(result)
    except Exception as error:
        results.append(
            {"scenario": name, "rps": 0.0, "errors": 1, "failure": repr(error)[:500], "loadavg": loadavg()}
        )
    finally:
        if recording is not None:
            recording.stop()
    print(json.dumps(results[-1], ensure_ascii=False), flush=True)


def scenarios(
    setup: dict[str, Any],
    duration: int,
    only: set[str],
    server_pid: int,
    left_open: list[str],
    profiles: Path | None = None,
) -> list[dict[str, Any]]:
    province = {"BENCH_AUTH": f"Bearer {setup['tokens']['bench.tinh.lanhdao']}"}
    officer_api = {"BENCH_AUTH": f"Bearer {setup['tokens']['tamthanh.motcua']}"}
    officer_page = {"BENCH_COOKIE": setup["cookies"]["officer"]}
    province_page = {"BENCH_COOKIE": setup["cookies"]["province"]}
    cursor = setup["deep_cursor"]
    staff_detail = [f"/api/v1/dossiers/{code}" for code in setup["province_codes"]]
    pages = [f"/mot-cua/ho-so/{code}/" for code in setup["desk_codes"]]
    api_detail = [f"/api/v1/dossiers/{code}" for code in setup["desk_codes"]]
    stats = f"/mot-cua/thong-ke/?agency={setup['root_agency']}&period_start=01/01/2025&period_end=31/12/2025"
    reads: list[tuple[str, list[str], dict[str, str], int]] = [
        ("ceiling: bare Django view", ["/bench/bare/"], {}, 16),
        ("1b. staff API detail, any dossier of the province (GET /api/v1/dossiers/{code})", staff_detail,
         province, 16),
        ("2a. inbox API box=all, first page", ["/api/v1/dossiers/?box=all&limit=25"], officer_api, 16),
        ("2b. inbox API box=all, deep page (keyset)", [f"/api/v1/dossiers/?box=all&limit=25&after={cursor}"],
         officer_api, 16),
        ("2c. inbox API filtered (status=10, online)",
         ["/api/v1/dossiers/?box=all&limit=25&status=10&channel=online"], officer_api, 16),
        ("2d. inbox API box=to_process", ["/api/v1/dossiers/?box=to_process&limit=25"], officer_api, 16),
        ("2e. inbox page /mot-cua/?box=all, first page", ["/mot-cua/?box=all"], officer_page, 16),
        ("2f. inbox page, deep page (keyset)", [f"/mot-cua/?box=all&after={cursor}"], officer_page, 16),
        ("2g. inbox page, filtered", ["/mot-cua/?box=all&status=10&channel=online"], officer_page, 16),
        ("3. dossier page /mot-cua/ho-so/{code}/", pages, officer_page, 16),
        ("3b. dossier API GET /api/v1/dossiers/{code} (desk officer)", api_detail, officer_api, 16),
        ("5. province statistics table, year 2025 (page)", [stats], province_page, 1),
        ("5b. public statistics page, this year to date (portal /thong-ke/)", ["/thong-ke/"], {}, 1),
    ]  # fmt: skip
    measures: list[tuple[str, Any]] = [
        (name, partial(wrk, name, paths, connections=c, duration=duration, header=header))
        for name, paths, header, c in reads
    ]
    # The same 5,000 codes twice: first every lookup reads the database (cold), then the snapshots are in
    # the cache (each is kept CQDT_TRACKING_CACHE_SECONDS, 60 s by default).
    cold = "1. public tracking by code + 4 digits (POST /api/v1/tracking), first lookups"
    warm = "1w. public tracking, the same codes again (snapshots cached)"
    measures[1:1] = [
        (name, partial(wrk_tracking, name, setup["tracking"], connections=16, duration=duration))
        for name in (cold, warm)
    ]

    def lifecycles() -> dict[str, Any]:
        load = loadavg()
        result, elapsed = drive.lifecycles(BASE, setup, users=8, duration=duration)
        name = "4. complete lifecycles (receive, 3 steps, result, return), JSON API"
        return driven(name, result, elapsed, 8, load, "lifecycles_per_s")

    def submissions() -> dict[str, Any]:
        load = loadavg()
        result, elapsed = drive.submissions(BASE, setup, users=4, duration=duration)
        left_open.extend(result.created)
        name = "6. reception with two 200 KB files (staff API multipart)"
        return driven(name, result, elapsed, 4, load, "submissions_per_s")

    def portal_submissions() -> dict[str, Any]:
        load = loadavg()
        result, elapsed = drive.online_submissions(BASE, setup, users=4, duration=duration)
        name = "6b. online submission on the portal: start, details and e-form, two 200 KB files, submit"
        return driven(name, result, elapsed, 4, load, "submissions_per_s")

    measures += [
        ("4. lifecycles", lifecycles),
        ("6. submission", submissions),
        ("6b. online submission", portal_submissions),
    ]
    results: list[dict[str, Any]] = []
    for name, measure in measures:
        # The bare view is the ceiling every ratio needs, so it always runs.
        if not only or name.startswith("ceiling") or scenario_number(name) in only:
            guarded(results, name, measure, server_pid, profiles, duration)
    return results


def markdown(results: list[dict[str, Any]], bare: float) -> str:
    lines = [
        "| scenario | conc. | req/s | p50 ms | p95 ms | p99 ms | errors | ÷ bare view "
        "| CPU ms/request: web, database, load generator | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        extra = f" ({r['lifecycles_per_s']} lifecycles/s)" if "lifecycles_per_s" in r else ""
        extra += f" ({r['submissions_per_s']} dossiers/s)" if "submissions_per_s" in r else ""
        cpu_ms = r.get("cpu_ms_per_request", {})
        shares = ", ".join(str(cpu_ms[k]) for k in ("web", "database", "load")) if cpu_ms else ""
        lines.append(
            f"| {r['scenario']} | {r.get('concurrency', '')} | {r['rps']}{extra} | {r.get('p50_ms', '')} | "
            f"{r.get('p95_ms', r.get('mean_ms', ''))} | {r.get('p99_ms', '')} | {r.get('errors', '')} | "
            f"{r['rps'] / bare:.2f} | {shares} | {r['loadavg']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument(
        "--generate", type=int, default=0, help="recreate cqdt_bench with this many dossiers first"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", default="2026-11-20")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--label", default="run")
    parser.add_argument(
        "--only", default="", help="comma-separated scenario numbers to run, e.g. 1,2e,5 (default: all)"
    )
    parser.add_argument("--workers", default=os.environ.get("CQDT_WEB_WORKERS", ""))
    parser.add_argument("--threads", default=os.environ.get("CQDT_WEB_THREADS", ""))
    parser.add_argument(
        "--py-spy",
        action="store_true",
        help="profile the web workers with py-spy during each scenario, into "
        "bench/results/profiles/<label>/; sampling costs some throughput, so such a run is for the "
        "profile, not for the table's numbers",
    )
    options = parser.parse_args()
    if options.py_spy:
        pyspy.executable()  # fail now, not after the setup, when py-spy is missing
    extra = {
        k: v
        for k, v in {"CQDT_WEB_WORKERS": options.workers, "CQDT_WEB_THREADS": options.threads}.items()
        if v
    }
    env = environment(extra)
    only = {item.strip() for item in options.only.split(",") if item.strip()}
    report: dict[str, Any] = {
        "label": options.label,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "server_env": extra,
    }
    if options.generate:
        report["generate"] = generate(options.generate, options.seed, options.until, env)
    sh([PYTHON, "-m", "cqdt.cli", "manage", "migrate", "-v0"], env)  # the schema of the code being measured
    setup = json.loads(sh([PYTHON, "-m", "bench.prepare"], env).stdout)
    report["dossiers"], report["desk_dossiers"] = setup["dossiers"], setup["desk_dossiers"]
    log = ROOT / "var" / "bench" / f"serve-{options.label}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    redis.Redis.from_url(env["CQDT_CACHE_URL"]).flushdb()
    results = [] if only else [pgbench(options.duration)]
    server = start_server(env, log)
    try:
        left_open: list[str] = []
        profiles = ROOT / "bench" / "results" / "profiles" / options.label if options.py_spy else None
        results += scenarios(setup, options.duration, only, server.pid, left_open, profiles)
        report["withdrawn_after_the_run"] = drive.withdraw(BASE, setup, left_open)
        workers = children(server.pid)
        report["web_worker_rss_mb"] = [round(rss_kb(pid) / 1024, 1) for pid in workers]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    report["task_worker_rss_mb"] = round(worker_rss(env) / 1024, 1)
    report["results"] = results
    bare = next(r["rps"] for r in results if r["scenario"].startswith("ceiling: bare"))
    table = markdown(results, bare)
    report["markdown"] = table
    out = ROOT / "bench" / "results" / f"{options.label}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(table)
    web, task = report["web_worker_rss_mb"], report["task_worker_rss_mb"]
    print(f"web workers RSS (MB): {web}; cqdt worker RSS (MB): {task}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
