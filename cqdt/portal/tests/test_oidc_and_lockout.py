"""The VNeID sign-in against a real OpenID provider, and the django-axes lockout, in their own process.

django-oauth-toolkit (the test provider) and django-axes need their tables in the test database, so
`flow_oidc_and_lockout.py` runs in a separate pytest process with `oidc_provider_settings`, against a
live server; this test fails with that run's output when any of its tests fails.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

FLOW = Path(__file__).with_name("flow_oidc_and_lockout.py")
ROOT = Path(__file__).resolve().parents[3]


def test_oidc_sign_in_and_lockout_in_a_separate_run():
    result = subprocess.run(  # noqa: S603  (our own test runner, fixed arguments)
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=cqdt.portal.tests.oidc_provider_settings",
            "-o",
            "python_files=flow_*.py",
            str(FLOW),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = result.stdout[-6000:] + result.stderr[-3000:]
    assert result.returncode == 0, output
    assert re.search(r"^4 passed", result.stdout.strip().splitlines()[-1]), output
