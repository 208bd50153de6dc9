"""Who may see a dossier and who may take which action on it."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery

from cqdt.accounts.models import StaffAssignment, StaffRole, UserKind
from cqdt.agencies.models import Agency
from cqdt.core.errors import NotFoundError
from cqdt.core.queries import unique_or_none
from cqdt.dossiers.models import Dossier, InvolvedUnit
from cqdt.dossiers.status import Action

LEADER_ROLES = frozenset({StaffRole.SECTION_HEAD, StaffRole.AGENCY_HEAD})

# Actions taken by whoever holds the dossier's current step.
_CURRENT_HOLDER_ACTIONS = frozenset(
    {
        Action.FORWARD,
        Action.SEND_BACK,
        Action.REQUEST_FEES,
        Action.RECORD_RESULT,
        Action.TRANSFER,
        Action.TRANSFER_BACK,
        Action.DRAFT_APOLOGY,
    }
)
# Actions of the one-stop desk of the receiving unit.
_DESK_ACTIONS = frozenset(
    {
        Action.ACCEPT_ONLINE,
        Action.REFUSE_RECEPTION,
        Action.REGISTER_SUPPLEMENT,
        Action.RETURN_RESULT,
        Action.WITHDRAW,
        Action.CONFIRM_FEES,
    }
)


def _assignments(user: Any) -> list[tuple[str, str]]:
    """(role, unit path) of the user's current assignments, read once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[tuple[str, str]] | None = getattr(user, "_cqdt_assignments", None)
    if cached is None:
        cached = list(
            StaffAssignment.objects.filter(user=user, valid_to__isnull=True).values_list("role", "unit__path")
        )
        user._cqdt_assignments = cached
    return cached


def _unit_paths(user: Any, roles: frozenset[str] | None = None) -> list[str]:
    return sorted({path for role, path in _assignments(user) if roles is None or role in roles})


def _ancestor_paths(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: depth + 1]) + "/" for depth in range(len(parts))]


def open_steps_for(user: Any) -> Q:
    """Dossiers whose current step nobody holds yet and that the user's role in a unit at or below the
    step's agency lets them take (e.g. an inter-agency step sent to a partner agency as a whole)."""
    condition = Q(pk__in=[])
    for role, path in _assignments(user):
        condition |= Q(
            current_assignee__isnull=True,
            current_step__role=role,
            current_step__agency__path__in=_ancestor_paths(path),
        )
    return condition


def _under_any(field: str, paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def holds_role_over(user: object, agency: Agency, roles: frozenset[str]) -> bool:
    """Whether `user` holds one of `roles` in `agency` or in one of its ancestors."""
    return any(agency.path.startswith(path) for path in _unit_paths(user, roles))


def holds_role_within(user: Any, agency: Agency, roles: frozenset[str]) -> bool:
    """Whether `user` holds one of `roles` in `agency` or anywhere below it."""
    return any(role in roles and path.startswith(agency.path) for role, path in _assignments(user))


def visible_unit_ids(user: Any) -> list[int]:
    """The units whose taking part in a dossier makes it visible to `user`: those of their assignments and
    every unit below them (the first half of `dossiers_visible_to`)."""
    paths = _unit_paths(user)
    if not paths:
        return []
    return list(Agency.objects.filter(_under_any("path", paths)).values_list("pk", flat=True))


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """Staff see the dossiers that passed through their units (or units below); citizens see their own."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    if getattr(user, "kind", None) != UserKind.STAFF:
        return Dossier.objects.filter(applicant_user=user)
    paths = _unit_paths(user)
    if not paths:
        return Dossier.objects.none()
    # A scalar subquery, not EXISTS: PostgreSQL turns an EXISTS inside an OR into a hashed set of every
    # dossier the units were ever involved in (tens of thousands per unit), built on each query; the
    # scalar form probes the (dossier, unit) index only for the rows the query actually reaches.
    involved = InvolvedUnit.objects.filter(_under_any("unit__path", paths), dossier=OuterRef("pk"))
    return Dossier.objects.alias(_involved=Subquery(involved.values("pk")[:1])).filter(
        Q(_involved__isnull=False) | open_steps_for(user)
    )


def access_dossier(*, actor: object, code: str, for_update: bool = False) -> Dossier:
    """The dossier with `code` if `actor` may see it; otherwise 404 (never reveal that it exists)."""
    queryset = dossiers_visible_to(actor)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    dossier = unique_or_none(queryset.filter(code=code))
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này.")
    return dossier


def _holds_current_step(user: object, dossier: Dossier) -> bool:
    step = dossier.current_step
    if step is None:
        return False
    if step.assignee_id is not None:
        return step.assignee_id == getattr(user, "pk", None)
    return holds_role_within(user, step.agency, frozenset({step.role}))


def may(actor: object, action: str, dossier: Dossier) -> bool:
    """Whether `actor` may take `action` on `dossier` (status rules are checked by the services)."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "kind", None) != UserKind.STAFF:
        return False
    desk = frozenset({StaffRole.ONE_STOP_OFFICER})
    if action in _DESK_ACTIONS:
        if action == Action.CONFIRM_FEES and _holds_current_step(actor, dossier):
            return True
        return holds_role_over(actor, dossier.receiving_unit, desk)
    if action == Action.REQUEST_SUPPLEMENT:
        if dossier.current_step_id is None or dossier.status == 1:
            return holds_role_over(actor, dossier.receiving_unit, desk)
        return _holds_current_step(actor, dossier)
    if action in _CURRENT_HOLDER_ACTIONS:
        return _holds_current_step(actor, dossier)
    if action in (Action.APPROVE, Action.DECLINE):
        step = dossier.current_step
        return step is not None and step.role in LEADER_ROLES and _holds_current_step(actor, dossier)
    if action == Action.REASSIGN:
        return dossier.current_unit is not None and holds_role_over(actor, dossier.current_unit, LEADER_ROLES)
    if action in (Action.APPROVE_APOLOGY, Action.REJECT_APOLOGY):
        return holds_role_over(actor, dossier.handling_agency, LEADER_ROLES)
    if action == Action.SIGN_RESULT:
        signers = frozenset({StaffRole.CLERK, StaffRole.AGENCY_HEAD})
        return holds_role_within(actor, dossier.handling_agency, signers)
    if action == Action.STOP:
        return holds_role_over(actor, dossier.handling_agency, frozenset({StaffRole.AGENCY_HEAD}))
    if action == Action.ADJUST_DEADLINE:
        admin = frozenset({StaffRole.ADMINISTRATOR})
        return holds_role_over(actor, dossier.handling_agency, admin) or holds_role_over(
            actor, dossier.receiving_unit, admin
        )
    if action == Action.RECALL:
        return _sent_the_last_hand_off(actor, dossier)
    return False


def _sent_the_last_hand_off(user: object, dossier: Dossier) -> bool:
    """A hand-off may be recalled by its sender until the receiver has done anything with it."""
    last = dossier.history.order_by("-at", "-id").first()
    return (
        last is not None
        and last.action in (Action.FORWARD, Action.TRANSFER)
        and last.actor_id == getattr(user, "pk", None)
    )


def require(actor: object, action: str, dossier: Dossier) -> None:
    if not may(actor, action, dossier):
        raise PermissionDenied(f"Bạn không có quyền “{Action(action).label}” đối với hồ sơ {dossier.code}.")


def may_receive_at(actor: object, unit: Agency) -> bool:
    return getattr(actor, "kind", None) == UserKind.STAFF and holds_role_over(
        actor, unit, frozenset({StaffRole.ONE_STOP_OFFICER})
    )
