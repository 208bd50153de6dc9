"""End-to-end tests: a live server with the demo province, driven by Playwright with Debian's Chromium.

Run with `.venv/bin/pytest e2e` (not part of `make test`). Without Chromium at CQDT_E2E_CHROMIUM
(default /usr/bin/chromium) or without the `playwright` package, the tests are skipped with the reason.
"""

import os
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CQDT_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "e2e"

# Playwright's sync API keeps an event loop in the test's thread; the test's own ORM calls (seeding,
# checks) are ordinary blocking calls, which Django refuses there unless told it is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    # The live server's threads need a database they can each open: a file, not SQLite's shared memory.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            Path(tempfile.gettempdir()) / f"cqdt-e2e-{os.getpid()}.sqlite3"
        )


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python package `playwright` is not installed (pip install playwright).")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CQDT_E2E_CHROMIUM).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.ROOT_URLCONF = "cqdt.portal.tests.urls"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CQDT_PUBLIC_BASE_URL = live_server.url
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url
