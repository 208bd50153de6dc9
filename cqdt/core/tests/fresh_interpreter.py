"""Run a probe script in a fresh Python with the project's default settings, so that what the test run itself
has imported or configured does not count."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[3]


def run_probe(probe: str, var_dir: Path, **settings: str) -> Any:
    """The JSON the probe prints last; `settings` are CQDT_* variables (the caller's are left out)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CQDT_")}
    env |= {"DJANGO_SETTINGS_MODULE": "cqdt.settings", "CQDT_VAR_DIR": str(var_dir), **settings}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPOSITORY,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
