"""Reads for the staff workspace and its API twin, on top of `selectors`: what a page needs beyond the inbox.

Which actions a user is offered is decided here (so the HTML page and the API agree): the TRANSITIONS
table filters by status, the process structure filters the rest (no "forward" at the last step), and
`access.may` has the final word. The services check both again when the action is taken.
"""

import uuid
from datetime import datetime
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from cqdt.accounts.models import StaffAssignment, StaffRole, UserKind
from cqdt.agencies.models import Agency, AgencyKind
from cqdt.catalog.models import Procedure, ProcedureCase
from cqdt.dossiers.access import LEADER_ROLES, may
from cqdt.dossiers.deadlines import DeadlineClock
from cqdt.dossiers.models import (
    Apology,
    ApologyStatus,
    Dossier,
    DossierFile,
    DossierHistory,
    DossierPause,
    DossierStep,
    FileKind,
)
from cqdt.dossiers.status import OPEN, TRANSITIONS, Action

# The actions the workspace offers, in the order the buttons appear.
WORKSPACE_ACTIONS: tuple[str, ...] = (
    Action.ACCEPT_ONLINE,
    Action.REFUSE_RECEPTION,
    Action.FORWARD,
    Action.APPROVE,
    Action.DECLINE,
    Action.RECORD_RESULT,
    Action.SIGN_RESULT,
    Action.RETURN_RESULT,
    Action.REQUEST_SUPPLEMENT,
    Action.REGISTER_SUPPLEMENT,
    Action.REQUEST_FEES,
    Action.CONFIRM_FEES,
    Action.SEND_BACK,
    Action.RECALL,
    Action.REASSIGN,
    Action.TRANSFER,
    Action.DRAFT_APOLOGY,
    Action.APPROVE_APOLOGY,
    Action.REJECT_APOLOGY,
    Action.WITHDRAW,
    Action.STOP,
    Action.ADJUST_DEADLINE,
)


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "kind", None) == UserKind.STAFF)


def _neighbours(dossier: Dossier) -> tuple[DossierStep | None, DossierStep | None]:
    """The steps before and after the current one, from the (prefetched) steps of the dossier."""
    current = dossier.current_step
    if current is None:
        return None, None
    steps = sorted(dossier.steps.all(), key=lambda step: step.position)
    before = [step for step in steps if step.position < current.position]
    after = [step for step in steps if step.position > current.position]
    return (before[-1] if before else None), (after[0] if after else None)


def draft_apology(dossier: Dossier) -> Apology | None:
    return next((a for a in dossier.apologies.all() if a.status == ApologyStatus.DRAFT), None)


def _fits_process(action: str, dossier: Dossier) -> bool:
    current = dossier.current_step
    previous, following = _neighbours(dossier)
    leader_step = current is not None and current.role in LEADER_ROLES
    rules: dict[str, bool] = {
        # A leader's step is closed by a decision, not by a plain hand-off.
        Action.FORWARD: current is not None and following is not None and not leader_step,
        Action.APPROVE: leader_step,
        Action.DECLINE: leader_step,
        Action.RECORD_RESULT: current is not None and following is None,
        Action.SIGN_RESULT: any(
            f.kind == FileKind.RESULT and f.content_type == "application/pdf" for f in dossier.files.all()
        ),
        Action.SEND_BACK: previous is not None and previous.assignee_id is not None,
        Action.RECALL: current is not None and previous is not None,
        Action.REASSIGN: current is not None,
        Action.TRANSFER: current is not None,
        Action.DRAFT_APOLOGY: (dossier.rescheduled_due_at or dossier.due_at) is not None
        and draft_apology(dossier) is None,
        Action.APPROVE_APOLOGY: draft_apology(dossier) is not None,
        Action.REJECT_APOLOGY: draft_apology(dossier) is not None,
        Action.ADJUST_DEADLINE: dossier.due_at is not None,
    }
    return rules.get(action, True)


def status_allows(action: str, status: int) -> bool:
    allowed_from, _ = TRANSITIONS[action]
    return not allowed_from or status in allowed_from


def available_actions(user: Any, dossier: Dossier) -> list[str]:
    """The workspace actions `user` may take on `dossier` now (dossier loaded by `dossier_detail`)."""
    if not is_staff(user):
        return []
    return [
        action
        for action in WORKSPACE_ACTIONS
        if status_allows(action, dossier.status)
        and _fits_process(action, dossier)
        and may(user, action, dossier)
    ]


def _holders(role: str, agency: Agency) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(
            assignments__role=role,
            assignments__valid_to__isnull=True,
            assignments__unit__path__startswith=agency.path,
            is_active=True,
            kind=UserKind.STAFF,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def reassign_candidates(dossier: Dossier) -> list[Any]:
    """Other officials who hold the current step's role in its agency (for an internal reassignment)."""
    step = dossier.current_step
    if step is None:
        return []
    return list(_holders(step.role, step.agency).exclude(pk=step.assignee_id or 0))


def transfer_agencies(dossier: Dossier) -> QuerySet[Agency]:
    """Agencies a dossier may be sent to for an inter-agency step (any agency in force but its own two)."""
    return (
        Agency.objects.exclude(pk__in=[dossier.handling_agency_id, dossier.receiving_unit_id])
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
        .only("id", "public_id", "name", "path", "depth")
        .order_by("path")
    )


def transfer_candidates(agency: Agency, role: str) -> list[Any]:
    return list(_holders(role, agency))


def user_by_public_id(candidates: list[Any], public_id: str) -> Any:
    return next((user for user in candidates if str(user.public_id) == str(public_id)), None)


def desk_units(user: Any) -> list[Agency]:
    """The units where `user` works at the one-stop desk (where they may receive dossiers)."""
    if not is_staff(user):
        return []
    return list(
        Agency.objects.filter(
            staff_assignments__user=user,
            staff_assignments__role=StaffRole.ONE_STOP_OFFICER,
            staff_assignments__valid_to__isnull=True,
        )
        .distinct()
        .order_by("path")
    )


def reception_cases() -> QuerySet[ProcedureCase]:
    """Cases a desk may receive, grouped by procedure when rendered."""
    return (
        ProcedureCase.objects.filter(is_active=True, procedure__is_active=True)
        .select_related("procedure")
        .order_by("procedure__code", "position", "code")
    )


def as_uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def reception_case(public_id: str) -> ProcedureCase | None:
    key = as_uuid(public_id)
    if key is None:
        return None
    return (
        reception_cases().prefetch_related("components", "procedure__agencies").filter(public_id=key).first()
    )


def filter_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.filter(is_active=True).only("id", "code", "name").order_by("code")


def dossier_file(dossier: Dossier, public_id: str) -> DossierFile | None:
    key = as_uuid(public_id)
    return DossierFile.objects.filter(dossier=dossier, public_id=key).first() if key else None


def dossier_pause(dossier: Dossier, pause_id: int) -> DossierPause | None:
    return DossierPause.objects.filter(dossier=dossier, pk=pause_id).first()


def dossier_apology(dossier: Dossier, public_id: str) -> Apology | None:
    key = as_uuid(public_id)
    return Apology.objects.filter(dossier=dossier, public_id=key).first() if key else None


def refusal_reason(dossier: Dossier) -> str | None:
    """The reason written when the dossier was refused at reception (for Mẫu 03), if it was."""
    row = (
        DossierHistory.objects.filter(dossier=dossier, action=Action.REFUSE_RECEPTION)
        .order_by("-at", "-id")
        .first()
    )
    return row.reason if row else None


def history_for(dossier: Dossier) -> QuerySet[DossierHistory]:
    return (
        DossierHistory.objects.filter(dossier=dossier)
        .select_related("actor", "to_user", "to_unit", "from_unit")
        .order_by("at", "id")
    )


class DeadlineState:
    OVERDUE = "overdue"
    NEAR = "near"


class HasAppointment(Protocol):
    @property
    def status(self) -> int: ...
    @property
    def due_at(self) -> datetime | None: ...


def deadline_state(dossier: HasAppointment, clock: DeadlineClock) -> str:
    """ "overdue", "near" or "" for an open dossier's appointment (the legal one, not the apology's)."""
    if dossier.status not in OPEN or dossier.due_at is None:
        return ""
    if dossier.due_at <= clock.now:
        return DeadlineState.OVERDUE
    if dossier.due_at <= clock.horizon:
        return DeadlineState.NEAR
    return ""


def statistics_agencies(user: Any) -> list[Agency]:
    """The organisations the user works for: the nearest agency above a section or a one-stop centre
    (a centre receives for its committee, whose table counts the dossiers it decides)."""
    if not is_staff(user):
        return []
    paths = list(
        StaffAssignment.objects.filter(user=user, valid_to__isnull=True).values_list("unit__path", flat=True)
    )
    ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    by_id = {agency.pk: agency for agency in Agency.objects.filter(pk__in=ids)}
    chosen: dict[int, Agency] = {}
    for path in paths:
        chain = [by_id[int(part)] for part in path.strip("/").split("/") if part and int(part) in by_id]
        organisation = next(
            (a for a in reversed(chain) if a.kind not in (AgencyKind.UNIT, AgencyKind.SERVICE_CENTRE)),
            chain[-1] if chain else None,
        )
        if organisation is not None:
            chosen[organisation.pk] = organisation
    return sorted(chosen.values(), key=lambda agency: agency.path)


def statistics_agency(user: Any, agency_id: int | None) -> Agency | None:
    """The agency whose table `user` asked for, if it lies in the subtree of one of their organisations."""
    allowed = statistics_agencies(user)
    if agency_id is None:
        return allowed[0] if allowed else None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or not any(agency.path.startswith(root.path) for root in allowed):
        return None
    return agency
