"""The audit trail: services call `audit_record` inside their transaction."""

from typing import Any

from django.db import models

from cqdt.core.models import AuditRecord
from cqdt.core.request_context import current_request_context


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    agency_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditRecord:
    """Write one audit row. `actor` is a user or None for the system itself."""
    context = current_request_context()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditRecord.objects.create(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else "hệ thống",
        agency_code=agency_code,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        reason=reason,
        request_id=context.request_id,
        ip_address=context.ip_address,
    )
