"""The WSGI module loads, before gunicorn forks its workers, what each worker would load on first use."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]

PROBE = """
import json, sys
before = {name: name in sys.modules for name in ("cqdt.urls", "cqdt.dossiers.api", "redis")}
import cqdt.wsgi
from cqdt.core.calendar.public_holidays import package_year
from django.utils import timezone
after = {name: name in sys.modules for name in ("cqdt.urls", "cqdt.dossiers.api", "redis")}
hits_before = package_year.cache_info().hits
package_year(timezone.localdate().year)
print(json.dumps({"before": before, "after": after, "hit": package_year.cache_info().hits - hits_before}))
"""


def test_the_wsgi_module_loads_the_urlconf_the_cache_client_and_this_years_holidays(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CQDT_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "cqdt.settings",
        "CQDT_VAR_DIR": str(tmp_path),
        # Only named, never connected to: warming up imports the client library and opens no connection.
        "CQDT_CACHE_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPOSITORY,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "before": {"cqdt.urls": False, "cqdt.dossiers.api": False, "redis": False},
        "after": {"cqdt.urls": True, "cqdt.dossiers.api": True, "redis": True},
        "hit": 1,
    }
