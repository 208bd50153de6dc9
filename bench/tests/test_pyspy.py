import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import pyspy

SERVER = (
    'process 100:"/work/main/.venv/bin/python -m gunicorn cqdt.wsgi:application";'
    'process 101:"/work/main/.venv/bin/python -m gunicorn cqdt.wsgi:application"'
)
REQUEST = f"{SERVER};handle (gunicorn/workers/sync.py:135);__call__ (django/core/handlers/wsgi.py:124)"
RAW = [
    # psycopg is innermost: a round trip, although the ORM called it.
    f"{REQUEST};inbox (cqdt/dossiers/api.py:131);execute_sql (django/db/models/sql/compiler.py:1593);"
    "execute (psycopg/cursor.py:97);wait (psycopg/connection.py:479) 5",
    f"{REQUEST};detail (cqdt/dossiers/api.py:200);__iter__ (django/db/models/query.py:91);"
    "load (psycopg/types/datetime.py:300) 3",
    f"{REQUEST};inbox (cqdt/dossiers/api.py:131);filter (django/db/models/query.py:1476);"
    "__init__ (django/db/models/lookups.py:30) 6",
    # The standard library's re/ matches no rule: the sample goes to the template that called it.
    f"{REQUEST};dossier_page (cqdt/dossiers/views.py:88);render (django/template/base.py:171);"
    "sub (re/__init__.py:185) 4",
    f"{REQUEST};inbox (cqdt/dossiers/api.py:140);render (ninja/renderers.py:30);"
    "encode (json/encoder.py:200);iterencode (json/encoder.py:258) 4",
    f"{REQUEST};__call__ (django/contrib/sessions/middleware.py:20);loads (django/core/signing.py:150) 2",
    # cqdt/core/cache.py is both cache and product code: the cache rule comes first.
    f"{REQUEST};lookup (cqdt/portal/views.py:50);get (cqdt/core/cache.py:12) 2",
    f"{REQUEST};lookup (cqdt/portal/views.py:50);get (cqdt/core/cache.py:14);"
    "execute_command (redis/client.py:600) 1",
    f"{REQUEST};__call__ (django/middleware/csrf.py:400);get_token (django/middleware/csrf.py:110);"
    "_unmask (django/utils/crypto.py:80) 3",
    f"{SERVER};handle (gunicorn/workers/sync.py:190);access (gunicorn/glogging.py:360);"
    "emit (logging/__init__.py:1100);write (codecs.py:700) 2",
    # Recursion: visible is in this stack three times but ran for 6 samples, not 18.
    f"{REQUEST};inbox (cqdt/dossiers/api.py:131);visible (cqdt/agencies/tree.py:10);"
    "visible (cqdt/agencies/tree.py:12);visible (cqdt/agencies/tree.py:12) 6",
    # A process frame is not code, even when its command line names a cqdt/ path.
    'process 300:"python /srv/cqdt/tools/burn.py";<module> (burn.py:14);spin (burn.py:5) 2',
]


@pytest.fixture
def raw_file(tmp_path: Path) -> Path:
    path = tmp_path / "2a.txt"
    path.write_text("\n".join(RAW) + "\n")
    return path


def test_each_sample_goes_to_the_bucket_of_its_innermost_matching_frame(raw_file: Path) -> None:
    summary = pyspy.summarise([raw_file])

    assert summary.samples == 40
    assert [(b.name, b.samples, b.share_pct) for b in summary.buckets] == [
        ("PostgreSQL driver (psycopg)", 8, 20.0),
        ("ORM: building and compiling SQL", 6, 15.0),
        ("templates", 4, 10.0),
        ("JSON API: ninja and pydantic", 4, 10.0),
        ("sessions, authentication, signing", 2, 5.0),
        ("cache (Redis)", 3, 7.5),
        ("middleware and request handling", 3, 7.5),
        ("gunicorn (HTTP parsing, logging)", 2, 5.0),
        ("product code (cqdt/)", 6, 15.0),
        ("other", 2, 5.0),
    ]
    assert sum(b.samples for b in summary.buckets) == summary.samples


def test_each_bucket_names_the_innermost_cqdt_frames_of_its_samples(raw_file: Path) -> None:
    own = {
        b.name: [(c.label, c.samples, c.share_pct) for c in b.own_cqdt_frames]
        for b in pyspy.summarise([raw_file]).buckets
    }

    assert own == {
        "PostgreSQL driver (psycopg)": [
            ("inbox (cqdt/dossiers/api.py:131)", 5, 12.5),
            ("detail (cqdt/dossiers/api.py:200)", 3, 7.5),
        ],
        "ORM: building and compiling SQL": [("inbox (cqdt/dossiers/api.py:131)", 6, 15.0)],
        "templates": [("dossier_page (cqdt/dossiers/views.py:88)", 4, 10.0)],
        "JSON API: ninja and pydantic": [("inbox (cqdt/dossiers/api.py:140)", 4, 10.0)],
        "sessions, authentication, signing": [],
        "cache (Redis)": [("get (cqdt/core/cache.py:12)", 2, 5.0), ("get (cqdt/core/cache.py:14)", 1, 2.5)],
        "middleware and request handling": [],
        "gunicorn (HTTP parsing, logging)": [],
        "product code (cqdt/)": [("visible (cqdt/agencies/tree.py:12)", 6, 15.0)],
        "other": [],
    }


def test_cqdt_functions_count_each_sample_once_wherever_they_are_in_the_stack(raw_file: Path) -> None:
    functions = pyspy.summarise([raw_file]).cqdt_functions

    assert [(f.label, f.samples, f.share_pct) for f in functions] == [
        ("inbox (cqdt/dossiers/api.py)", 21, 52.5),
        ("visible (cqdt/agencies/tree.py)", 6, 15.0),
        ("dossier_page (cqdt/dossiers/views.py)", 4, 10.0),
        ("detail (cqdt/dossiers/api.py)", 3, 7.5),
        ("get (cqdt/core/cache.py)", 3, 7.5),
        ("lookup (cqdt/portal/views.py)", 3, 7.5),
    ]


def test_only_the_top_15_cqdt_functions_are_kept(tmp_path: Path) -> None:
    raw = tmp_path / "many.txt"
    raw.write_text("".join(f"view{n:02} (cqdt/views.py:{n}) {n}\n" for n in range(1, 21)))

    functions = pyspy.summarise([raw]).cqdt_functions

    assert [(f.label, f.samples) for f in functions] == [
        (f"view{n:02} (cqdt/views.py)", n) for n in range(20, 5, -1)
    ]


def test_several_files_are_summarised_together(raw_file: Path, tmp_path: Path) -> None:
    second = tmp_path / "2b.txt"
    second.write_text("wait (psycopg/connection.py:479) 40\n")

    summary = pyspy.summarise([raw_file, second])

    assert summary.samples == 80
    assert (summary.buckets[0].samples, summary.buckets[0].share_pct) == (48, 60.0)


def test_a_compressed_profile_reads_the_same(raw_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(raw_file.read_bytes())

    packed = pyspy.compress(copy)

    assert packed.name == "copy.txt.gz"
    assert not copy.exists()
    assert pyspy.summarise([packed]) == pyspy.summarise([raw_file])


def test_a_line_that_is_not_raw_output_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "flamegraph.svg"
    raw.write_text("<svg>\n")

    with pytest.raises(ValueError, match=r"flamegraph\.svg:1: not py-spy raw output"):
        pyspy.summarise([raw])


def test_the_command_line_prints_json(raw_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pyspy.main(["summarise", str(raw_file), "--json"]) == 0

    printed = json.loads(capsys.readouterr().out)
    assert printed["samples"] == 40
    assert printed["buckets"][5] == {
        "name": "cache (Redis)",
        "samples": 3,
        "share_pct": 7.5,
        "own_cqdt_frames": [
            {"label": "get (cqdt/core/cache.py:12)", "samples": 2, "share_pct": 5.0},
            {"label": "get (cqdt/core/cache.py:14)", "samples": 1, "share_pct": 2.5},
        ],
    }


def test_the_command_line_prints_markdown(raw_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pyspy.main(["summarise", str(raw_file)]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "| bucket | samples | share % | innermost cqdt/ frames (samples) |",
        "|---|---|---|---|",
        "| PostgreSQL driver (psycopg) | 8 | 20.0 | "
        "inbox (cqdt/dossiers/api.py:131) (5), detail (cqdt/dossiers/api.py:200) (3) |",
    ]
    assert lines[12:16] == [
        "| all | 40 | 100.0 | |",
        "",
        "| cqdt/ function (anywhere in the stack) | samples | share % |",
        "|---|---|---|",
    ]
    assert lines[16] == "| inbox (cqdt/dossiers/api.py) | 21 | 52.5 |"


BURNER = """\
import time


def burn_cpu(seconds):
    end = time.monotonic() + seconds
    total = 0
    while time.monotonic() < end:
        total += sum(i * i for i in range(1000))
    return total


burn_cpu(30)
"""


def test_record_samples_a_running_python_process(tmp_path: Path) -> None:
    try:
        pyspy.executable()
    except RuntimeError as error:
        pytest.skip(str(error))
    script = tmp_path / "burn.py"
    script.write_text(BURNER)
    burner = subprocess.Popen([sys.executable, str(script)])  # noqa: S603
    try:
        recording = pyspy.record(burner.pid, tmp_path / "profile" / "burn.txt", duration=30)
        time.sleep(1.5)
        stopping = time.monotonic()
        try:
            raw = recording.finish()
        except RuntimeError as error:
            if "ermission" in str(error) or "ptrace" in str(error):
                pytest.skip(f"py-spy may not read other processes here: {error}")
            raise
        stopped_in = time.monotonic() - stopping
    finally:
        burner.kill()
        burner.wait()

    summary = pyspy.summarise([raw])
    assert stopped_in < 10  # stopped by SIGINT, not by its 30 s limit
    assert summary.samples > 50  # about 150 at 100 samples a second
    assert summary.buckets[-1].name == "other"
    assert summary.buckets[-1].samples == summary.samples
    assert "burn_cpu (burn.py:" in raw.read_text()
    assert not recording.log.exists()
    assert os.listdir(tmp_path / "profile") == ["burn.txt"]
