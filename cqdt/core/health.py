"""/healthz: is the database reachable, and has a worker beaten recently?"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cqdt.core.models import WorkerHeartbeat


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database_ok = _database_ok()
    last_beat = None
    if database_ok:
        last_beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    max_age = timedelta(seconds=settings.CQDT_WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    worker_ok = last_beat is not None and timezone.now() - last_beat <= max_age
    healthy = database_ok and worker_ok
    body = {
        "status": "ok" if healthy else "degraded",
        "checks": {
            "database": "ok" if database_ok else "unreachable",
            "worker": "ok" if worker_ok else ("stale" if last_beat else "never_seen"),
        },
        "worker_last_beat": last_beat.isoformat() if last_beat else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)
