"""Admin for calendar overrides: the days off and make-up working days the package does not know."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from cqdt.core.audit import audit_record
from cqdt.core.calendar_models import CalendarOverride


def _snapshot(override: CalendarOverride) -> dict[str, Any]:
    return {"date": override.date.isoformat(), "kind": override.kind, "reason": override.reason}


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Every change moves deadlines, so each one is written to the audit trail (the admin runs it in a
    transaction)."""

    list_display = ["date", "kind", "reason", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "date"
    ordering = ["-date"]
    fields = ["date", "kind", "reason"]

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: ModelForm, change: bool) -> None:
        before = _snapshot(CalendarOverride.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="calendar_override_change" if change else "calendar_override_create",
            obj=obj,
            before=before,
            after=_snapshot(obj),
        )

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        _audit_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for obj in queryset:
            _audit_delete(request, obj)
        super().delete_queryset(request, queryset)


def _audit_delete(request: HttpRequest, obj: CalendarOverride) -> None:
    audit_record(actor=request.user, action="calendar_override_delete", obj=obj, before=_snapshot(obj))
