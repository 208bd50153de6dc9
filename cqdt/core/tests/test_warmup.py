"""The WSGI module loads, before gunicorn forks its workers, what each worker would load on first use."""

from pathlib import Path

from cqdt.core.tests.fresh_interpreter import run_probe

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
    # The cache is only named, never connected to: warming up imports the client library, opens nothing.
    found = run_probe(PROBE, tmp_path, CQDT_CACHE_URL="redis://127.0.0.1:1/0")
    assert found == {
        "before": {"cqdt.urls": False, "cqdt.dossiers.api": False, "redis": False},
        "after": {"cqdt.urls": True, "cqdt.dossiers.api": True, "redis": True},
        "hit": 1,
    }
