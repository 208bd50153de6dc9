"""What every web worker would otherwise load on its first request, loaded once before gunicorn forks.

`cqdt serve` runs gunicorn with --preload: the workers are forked from a master that has imported the WSGI
application. But Django imports the URLconf (every view, every API router and its pydantic schemas) on the
first request, the Redis cache backend imports redis-py on its first use, and the working calendar computes
a year's public holidays the first time it meets that year. Done after the fork, each worker pays for all of
it on its first requests (a fifth of the web workers' CPU during the first 15 seconds after a start, py-spy,
docs/performance.md) and keeps its own copy; done in the master, a new or recycled worker answers at once
and shares those pages with the others.
"""

import importlib

from django.conf import settings
from django.urls import get_resolver
from django.utils import timezone

from cqdt.core.calendar.public_holidays import LAST_SUPPORTED_YEAR, package_year


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018  (the property imports the URLconf)
    if settings.CQDT_CACHE_URL:
        importlib.import_module("redis")
    year = timezone.localdate().year
    # Deadlines of this year's dossiers reach into the next one; statistics look back one year.
    for known in range(year - 1, min(year + 1, LAST_SUPPORTED_YEAR) + 1):
        package_year(known)
