"""Shared building blocks: the base model, the audit trail, worker bookkeeping."""

import uuid

from django.conf import settings
from django.db import models

from cqdt.core.calendar_models import CalendarOverride  # noqa: F401  (registers the model)


class BaseModel(models.Model):
    """Every domain row: an internal integer key, a public UUID, and timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditRecord(models.Model):
    """One row per change made by a service, written in the service's own transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    agency_code = models.CharField(max_length=32, blank=True, db_index=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký thao tác"
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at_idx")]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class WorkerHeartbeat(models.Model):
    """Written by each running `cqdt worker`; /healthz reads the freshest one."""

    worker_id = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()
    started_at = models.DateTimeField()

    class Meta:
        verbose_name = "nhịp hoạt động của worker"
        verbose_name_plural = "nhịp hoạt động của worker"

    def __str__(self) -> str:
        return self.worker_id


class PeriodicJob(models.Model):
    """When each registered periodic task is next due; rows are locked so one worker enqueues it."""

    name = models.CharField(max_length=200, unique=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tác vụ định kỳ"
        verbose_name_plural = "tác vụ định kỳ"

    def __str__(self) -> str:
        return self.name
