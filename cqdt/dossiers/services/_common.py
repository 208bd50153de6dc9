"""Shared steps of every dossier service: locking, the transition check, history, audit, notifications."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cqdt.accounts.models import StaffAssignment
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.audit import audit_record
from cqdt.dossiers import access
from cqdt.dossiers.files import CheckedFile, check_upload
from cqdt.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierFile,
    DossierHistory,
    DossierStep,
    InvolvedUnit,
)
from cqdt.dossiers.selectors import box_counts_forget, dossier_tracking_forget
from cqdt.dossiers.status import TransitionError, next_status


@dataclass(frozen=True)
class ApplicantData:
    name: str
    applicant_type: str = "citizen"
    id_number: str = ""
    birth_date: date | None = None
    address_unit: AdministrativeUnit | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    representative: dict[str, str] = field(default_factory=dict)


def now() -> datetime:
    return timezone.now()


def lock(dossier: Dossier) -> Dossier:
    """Re-read the dossier with a row lock; every service works on this fresh copy."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related(
            "current_step", "current_unit", "receiving_unit", "handling_agency", "procedure", "case"
        )
        .get(pk=dossier.pk)
    )


def check_transition(dossier: Dossier, action: str) -> int:
    """The status after `action`; raises a Vietnamese ValidationError if the status does not allow it."""
    try:
        target = next_status(action, dossier.status)
    except TransitionError as error:
        raise ValidationError(str(error)) from error
    return dossier.status if target is None else target


def authorise(actor: Any, action: str, dossier: Dossier) -> None:
    access.require(actor, action, dossier)


def begin(dossier: Dossier, *, actor: Any, action: str) -> tuple[Dossier, int]:
    """Lock the dossier, check the actor may act and the status allows it; set the new status.

    Returns the locked copy and the status it had, for the history row.
    """
    locked = lock(dossier)
    authorise(actor, action, locked)
    previous = locked.status
    locked.status = check_transition(locked, action)
    return locked, previous


def require_text(value: str, message: str) -> None:
    """Reasons are mandatory for refusals, supplements, returns and the like."""
    if not value.strip():
        raise ValidationError(message)


def involve(dossier: Dossier, *units: Agency | None) -> None:
    InvolvedUnit.objects.bulk_create(
        [InvolvedUnit(dossier=dossier, unit=unit) for unit in {u for u in units if u is not None}],
        ignore_conflicts=True,
    )


def _forget_cached_reads(dossier: Dossier, entry: DossierHistory) -> None:
    """Drop the cached reads this change makes stale, now and again once it commits (a reader between the
    two could have cached the state before the change)."""

    def forget() -> None:
        dossier_tracking_forget(dossier.code)
        box_counts_forget(entry.actor_id, entry.to_user_id)

    forget()
    transaction.on_commit(forget)


def record(
    *,
    dossier: Dossier,
    actor: Any,
    action: str,
    from_status: int | None,
    at: datetime,
    reason: str = "",
    to_unit: Agency | None = None,
    to_user: Any = None,
    step: DossierStep | None = None,
    finished_step: DossierStep | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> DossierHistory:
    """One history row and one audit row for a change of the dossier."""
    entry = DossierHistory.objects.create(
        dossier=dossier,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        from_unit=finished_step.agency if finished_step else None,
        to_unit=to_unit,
        to_user=to_user,
        step_name=shown.name if (shown := step or finished_step) else "",
        step_deadline=step.deadline if step else None,
        step_timeliness=finished_step.timeliness if finished_step else "",
        reason=reason,
    )
    _forget_cached_reads(dossier, entry)
    audit_record(
        actor=actor,
        action=f"dossier.{action}",
        obj=dossier,
        agency_code=dossier.handling_agency.identifier_code,
        before={"status": from_status, **(before or {})},
        after={"status": dossier.status, **(after or {})},
        reason=reason,
    )
    return entry


def assignment_unit(user: Any, agency: Agency, role: str) -> Agency:
    """The unit (in `agency`'s subtree) where `user` holds `role`; ValidationError if none."""
    assignment = (
        StaffAssignment.objects.filter(
            user=user, role=role, valid_to__isnull=True, unit__path__startswith=agency.path
        )
        .select_related("unit")
        .first()
    )
    if assignment is None:
        raise ValidationError(
            f"Người nhận “{user}” không giữ vai trò cần thiết trong {agency.name}; vui lòng chọn người khác."
        )
    return assignment.unit


def store_files(
    *, dossier: Dossier, uploads: list[tuple[DossierComponent | None, Any]], kind: str, actor: Any
) -> list[DossierFile]:
    """Check every upload first, then store them all: a bad file means nothing is stored."""
    checked: list[tuple[DossierComponent | None, CheckedFile]] = [
        (component, check_upload(upload)) for component, upload in uploads
    ]
    stored = []
    for component, item in checked:
        record_file = DossierFile(
            dossier=dossier,
            component=component,
            kind=kind,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.content),
            sha256=item.sha256,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_file.file.save(item.name, ContentFile(item.content), save=False)
        record_file.save()
        stored.append(record_file)
    return stored
