import subprocess
import sys

import pytest


def run_cqdt(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "cqdt.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("CQDT_")}
    env["CQDT_VAR_DIR"] = str(tmp_path)
    return env


def test_serve_refuses_debug(clean_env):
    result = run_cqdt("serve", env={**clean_env, "CQDT_DEBUG": "1", "CQDT_SECRET_KEY": "x" * 50})
    assert result.returncode == 2
    assert "CQDT_DEBUG" in result.stderr


def test_serve_refuses_the_default_secret_key(clean_env):
    result = run_cqdt("serve", env=clean_env)
    assert result.returncode == 2
    assert "CQDT_SECRET_KEY" in result.stderr


def test_unknown_command_prints_usage(clean_env):
    result = run_cqdt("frobnicate", env=clean_env)
    assert result.returncode == 2
    assert "cqdt <lệnh>" in result.stderr
