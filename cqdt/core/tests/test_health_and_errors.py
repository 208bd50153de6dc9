from datetime import timedelta

import pytest
from django.utils import timezone

from cqdt.core.models import AuditRecord, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_degraded_until_a_worker_beats(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "worker": "never_seen"},
        "worker_last_beat": None,
    }

    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", beat_at=now, started_at=now)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "worker": "ok"}


def test_healthz_reports_a_stale_worker(client):
    old = timezone.now() - timedelta(minutes=10)
    WorkerHeartbeat.objects.create(worker_id="w1", beat_at=old, started_at=old)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


def test_missing_api_parameters_are_problem_json(client):
    response = client.get("/api/v1/calendar/due")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["instance"] == "/api/v1/calendar/due"


def test_request_id_is_echoed_and_generated(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
    assert len(generated) == 32
    assert generated != "bad id with spaces"


def test_metrics_endpoint_exports_prometheus_text(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"django_http_requests_latency_seconds_by_view_method" in response.content


def test_audit_record_captures_actor_and_request_context(django_user_model):
    from cqdt.core.audit import audit_record
    from cqdt.core.request_context import RequestContext, reset_request_context, set_request_context

    user = django_user_model.objects.create_user(username="canbo", password="x")
    token = set_request_context(RequestContext(request_id="req-1", ip_address="10.0.0.5"))
    try:
        record = audit_record(
            actor=user,
            action="update",
            obj=user,
            agency_code="000.00.00.H39",
            before={"a": 1},
            after={"a": 2},
        )
    finally:
        reset_request_context(token)
    record.refresh_from_db()
    assert (record.actor_id, record.actor_label, record.action) == (user.pk, "canbo", "update")
    assert (record.object_type, record.object_id) == ("accounts.User", str(user.pk))
    assert (record.request_id, record.ip_address) == ("req-1", "10.0.0.5")
    assert (record.before, record.after) == ({"a": 1}, {"a": 2})
    assert AuditRecord.objects.count() == 1


def test_audit_record_without_actor_is_the_system(django_user_model):
    from cqdt.core.audit import audit_record

    user = django_user_model.objects.create_user(username="u2", password="x")
    record = audit_record(actor=None, action="sync", obj=user)
    assert (record.actor_id, record.actor_label) == (None, "hệ thống")


def test_vietnamese_is_the_default_whatever_the_browser_says(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    client.cookies["django_language"] = "en"
    assert client.get("/admin/login/")["Content-Language"] == "en"
