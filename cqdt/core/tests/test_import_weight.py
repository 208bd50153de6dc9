"""A web process that has loaded the whole project (apps, admin, URLconf, API) stays light.

Libraries that only a few rare requests need (signing, PDF parsing, Excel) are imported inside the functions
that use them; a top-level import anywhere in the URLconf's reach would add tens of megabytes to every
gunicorn worker. Measured in a fresh interpreter, in a separate process so that what the test run itself has
imported does not count.
"""

import pytest

from cqdt.core.tests.fresh_interpreter import run_probe

HEAVY = frozenset({"aiohttp", "openpyxl", "pkcs11", "pyhanko", "pyhanko_certvalidator", "pypdf"})

# Measured 111.5 MB (Python 3.11, SQLite settings) once the imports were made lazy, 142 MB before;
# the bound is that plus 15 %.
MAX_RSS_KB = 128 * 1024

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
print(json.dumps({"modules": sorted({name.split(".")[0] for name in sys.modules}), "rss_kb": rss}))
"""


@pytest.fixture(scope="module")
def loaded_project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    loaded: dict[str, object] = run_probe(PROBE, tmp_path_factory.mktemp("var"))
    return loaded


def test_loading_the_project_imports_no_heavy_library(loaded_project: dict[str, object]) -> None:
    modules = loaded_project["modules"]
    assert isinstance(modules, list)
    assert "cqdt" in modules
    assert "ninja" in modules
    assert sorted(HEAVY.intersection(modules)) == []


def test_loading_the_project_stays_under_the_memory_bound(loaded_project: dict[str, object]) -> None:
    rss_kb = loaded_project["rss_kb"]
    assert isinstance(rss_kb, int)
    assert rss_kb < MAX_RSS_KB, f"{rss_kb / 1024:.1f} MB resident after loading the project"
