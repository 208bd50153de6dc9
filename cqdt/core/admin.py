from django.contrib import admin

from cqdt.core.calendar_admin import CalendarOverrideAdmin  # noqa: F401  (registers the admin)
from cqdt.core.models import AuditRecord, PeriodicJob, WorkerHeartbeat


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by services and never edited."""

    list_display = ["at", "actor_label", "agency_code", "action", "object_type", "object_repr", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "object_repr", "request_id", "agency_code"]
    date_hierarchy = "at"
    list_select_related = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "beat_at", "started_at"]


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_enqueued_at"]
