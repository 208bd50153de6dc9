"""Profile the web workers under load with py-spy, and summarise where their CPU time went.

    .venv/bin/python -m bench.pyspy summarise bench/results/profiles/<label>/2e.txt.gz [FILE ...] [--json]

`record` starts py-spy in the background on the server's master and its workers (`--subprocesses`),
without pausing them (`--nonblocking`); `bench.run --py-spy` records each scenario this way. It keeps only
samples of a thread holding the GIL (`--gil`), i.e. running Python: waiting for PostgreSQL, Redis or the
client's socket releases the GIL, and without `--gil` py-spy counted those waits as busy on this machine
(half the samples of the inbox API were `Connection.wait` and the send of a prepared query). The waits'
other side, PostgreSQL's own CPU, is in bench.cpu's figures.

py-spy's raw output has one line per distinct stack, `frame;frame;...;frame COUNT`, outermost frame
first. A frame reads `function (path:LINE)`, the path cut down to its package (`django/db/models/query.py`,
`cqdt/dossiers/api.py`, `logging/__init__.py`); with --subprocesses each stack begins with one
`process PID:"command line"` frame per process, which is not code and matches no rule.

Each sample is charged to ONE bucket: walk its stack from the innermost frame outwards and take the first
frame that a bucket's rule matches (rules in the order of BUCKETS, first match wins). A sample therefore
counts for the library that was running, not for its callers: psycopg converting a result counts for the
driver even when the ORM called it, while a frame that no rule names (the standard library's
`json/encoder.py`) passes the sample on to its nearest named caller (ninja). Only stacks in which no frame
matches are "other". Django's helpers in django/utils/ (escaping, lazy translation, dates, trees of
conditions) match no rule either, so they count for whoever called them: templates, the ORM, a view.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BUCKETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PostgreSQL driver (psycopg)", ("psycopg/",)),
    ("ORM: building and compiling SQL", ("django/db/models/", "django/db/backends/")),
    ("templates", ("django/template/", "django/forms/")),
    ("JSON API: ninja and pydantic", ("ninja/", "pydantic/", "pydantic_core/")),
    (
        "sessions, authentication, signing",
        ("django/contrib/sessions/", "django/contrib/auth/", "django/core/signing.py", "axes/"),
    ),
    ("cache (Redis)", ("redis/", "django/core/cache/", "cqdt/core/cache.py")),
    (
        "middleware and request handling",
        (
            "django/core/handlers/",
            "django/middleware/",
            "django/http/",
            "django/urls/",
            "django_prometheus/",
            "whitenoise/",
        ),
    ),
    ("gunicorn (HTTP parsing, logging)", ("gunicorn/", "logging/", "structlog/")),
    ("product code (cqdt/)", ("cqdt/",)),
)
OTHER = "other"
PRODUCT = ("cqdt/",)
OWN_FRAMES_PER_BUCKET = 3
TOP_FUNCTIONS = 15

FRAME = re.compile(r"(?P<function>.*) \((?P<path>[^()]*?)(?::(?P<line>\d+))?\)")


@dataclass(frozen=True)
class Frame:
    function: str
    path: str
    line: int | None

    @property
    def function_key(self) -> str:
        return f"{self.function} ({self.path})"

    @property
    def line_key(self) -> str:
        return self.function_key if self.line is None else f"{self.function} ({self.path}:{self.line})"


@dataclass(frozen=True)
class Count:
    label: str
    samples: int
    share_pct: float  # of all the samples summarised


@dataclass(frozen=True)
class Bucket:
    name: str
    samples: int
    share_pct: float
    own_cqdt_frames: list[Count]  # the innermost cqdt/ frame of the bucket's samples, most samples first


@dataclass(frozen=True)
class Summary:
    samples: int
    buckets: list[Bucket]  # every bucket in the order of BUCKETS, then "other"
    cqdt_functions: list[Count]  # samples with the function anywhere in their stack, most first


# Recording


def executable() -> str:
    """py-spy next to this Python (the virtualenv's bin), else on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    if os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("py-spy")
    if found is None:
        raise RuntimeError("py-spy is not installed: .venv/bin/pip install 'py-spy>=0.4'")
    return found


@dataclass
class Recording:
    """py-spy sampling in the background into `output`; its own messages go to `log`."""

    process: subprocess.Popen[bytes]
    output: Path
    log: Path

    def stop(self, timeout: float = 30) -> None:
        """End the recording now; on SIGINT py-spy writes what it has sampled so far."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def finish(self, timeout: float = 30) -> Path:
        """Stop, and return the raw file; raise with py-spy's messages if it failed."""
        self.stop(timeout)
        if self.process.returncode != 0 or not self.output.exists():
            messages = self.log.read_text(errors="replace").strip()[-2000:]
            raise RuntimeError(f"py-spy exited with {self.process.returncode}: {messages}")
        self.log.unlink()
        return self.output


def record(server_pid: int, output: Path, duration: int) -> Recording:
    """Start sampling the process and its children for at most `duration` seconds."""
    command = [
        executable(), "record", "--pid", str(server_pid), "--subprocesses", "--rate", "50", "--gil",
        "--nonblocking", "--format", "raw", "--output", str(output), "--duration", str(duration),
    ]  # fmt: skip
    output.parent.mkdir(parents=True, exist_ok=True)
    log = output.with_suffix(".log")
    with log.open("wb") as messages:
        process = subprocess.Popen(  # noqa: S603
            command, stdin=subprocess.DEVNULL, stdout=messages, stderr=subprocess.STDOUT
        )
    return Recording(process, output, log)


# Summarising


def compress(raw: Path) -> Path:
    """`raw` gzipped beside it (a 15-second profile of five workers is ~6 MB of text, ~0.2 MB gzipped)."""
    packed = raw.with_name(raw.name + ".gz")
    with raw.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    raw.unlink()
    return packed


def read_stacks(path: Path) -> Iterator[tuple[list[Frame], int]]:
    """(frames outermost first, samples) for each line of a raw file, gzipped or not; `process` frames are
    left out."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                raise ValueError(f"{path}:{number}: not py-spy raw output: {line[:200]!r}")
            frames = []
            for text in stack.split(";"):
                if (match := FRAME.fullmatch(text)) is not None:
                    line_number = match["line"]
                    frames.append(
                        Frame(match["function"], match["path"], int(line_number) if line_number else None)
                    )
            yield frames, int(count)


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    # Paths are usually package-relative; a full path (py-spy --full-filenames) has the package after a "/".
    return any(path.startswith(prefix) or f"/{prefix}" in path for prefix in prefixes)


def bucket_of(frames: list[Frame]) -> str:
    for frame in reversed(frames):
        for name, prefixes in BUCKETS:
            if _under(frame.path, prefixes):
                return name
    return OTHER


def _share(samples: int, total: int) -> float:
    return round(100 * samples / total, 1) if total else 0.0


def _counts(counter: Counter[str], total: int, limit: int) -> list[Count]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [Count(label, samples, _share(samples, total)) for label, samples in ranked]


def summarise(paths: Iterable[Path]) -> Summary:
    """Where the samples of one or more raw files went: buckets, and the cqdt/ functions they ran under."""
    samples: Counter[str] = Counter()
    own_frames: dict[str, Counter[str]] = {}
    functions: Counter[str] = Counter()
    for path in paths:
        for frames, count in read_stacks(path):
            bucket = bucket_of(frames)
            samples[bucket] += count
            product = [frame for frame in frames if _under(frame.path, PRODUCT)]
            if product:
                own_frames.setdefault(bucket, Counter())[product[-1].line_key] += count
            for key in {frame.function_key for frame in product}:
                functions[key] += count
    total = sum(samples.values())
    buckets = [
        Bucket(
            name,
            samples[name],
            _share(samples[name], total),
            _counts(own_frames.get(name, Counter()), total, OWN_FRAMES_PER_BUCKET),
        )
        for name in [name for name, _ in BUCKETS] + [OTHER]
    ]
    return Summary(total, buckets, _counts(functions, total, TOP_FUNCTIONS))


def markdown(summary: Summary) -> str:
    lines = [
        "| bucket | samples | share % | innermost cqdt/ frames (samples) |",
        "|---|---|---|---|",
        *(
            f"| {b.name} | {b.samples} | {b.share_pct} | "
            + ", ".join(f"{frame.label} ({frame.samples})" for frame in b.own_cqdt_frames)
            + " |"
            for b in summary.buckets
        ),
        f"| all | {summary.samples} | 100.0 | |",
        "",
        "| cqdt/ function (anywhere in the stack) | samples | share % |",
        "|---|---|---|",
        *(f"| {f.label} | {f.samples} | {f.share_pct} |" for f in summary.cqdt_functions),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pyspy")
    commands = parser.add_subparsers(dest="command", required=True)
    summarise_command = commands.add_parser("summarise", help="where the samples of py-spy raw files went")
    summarise_command.add_argument("files", nargs="+", type=Path)
    summarise_command.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    options = parser.parse_args(argv)
    summary = summarise(options.files)
    print(json.dumps(asdict(summary), ensure_ascii=False, indent=2) if options.json else markdown(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
