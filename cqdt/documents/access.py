"""Who may see a document and who may take which action on it.

Documents belong to an agency (cơ quan: a people's committee, a department, a service centre…), not to a
unit: the agency of a staff assignment is the nearest agency at or above the assigned unit that is not
itself a plain unit (phòng, văn phòng). So the clerk of "Văn phòng Sở Tư pháp" is a clerk of Sở Tư pháp,
and a leader of the province's people's committee is not a leader of its departments.

Roles (cqdt.accounts.models.StaffRole): the clerk (văn thư) registers, numbers and issues; the agency head
(lãnh đạo cơ quan) directs incoming documents and approves and signs outgoing ones; the section head
(lãnh đạo phòng) reviews drafts of the unit and assigns the unit's handlers; specialists (chuyên viên)
handle and draft. A document the actor may not see is a 404, an action they may not take a 403.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from cqdt.accounts.access import active_assignments, units_where_user_has_role, user_has_role
from cqdt.accounts.models import StaffAssignment, StaffRole, UserKind
from cqdt.agencies.models import Agency, AgencyKind
from cqdt.core.errors import NotFoundError
from cqdt.documents.models import IncomingDocument, IncomingHandler, OutgoingDocument
from cqdt.documents.status import (
    INCOMING_TRANSITIONS,
    OUTGOING_TRANSITIONS,
    HandlerRole,
    IncomingAction,
    OutgoingAction,
    OutgoingStatus,
)

CLERK = StaffRole.CLERK
LEADER = StaffRole.AGENCY_HEAD
SECTION_HEAD = StaffRole.SECTION_HEAD
DRAFTER_ROLES = frozenset({StaffRole.SPECIALIST, StaffRole.SECTION_HEAD})
# A clerk sees an outgoing document once a leader has approved it: it is theirs to number and issue.
CLERK_OUTGOING = frozenset(
    {
        OutgoingStatus.APPROVED,
        OutgoingStatus.SIGNED,
        OutgoingStatus.ISSUED,
        OutgoingStatus.RECALLED,
        OutgoingStatus.REPLACED,
    }
)
INCOMING_NOT_FOUND = "Không tìm thấy văn bản đến hoặc bạn không có quyền xem văn bản này."
OUTGOING_NOT_FOUND = "Không tìm thấy văn bản đi hoặc bạn không có quyền xem văn bản này."


def is_staff(user: Any) -> bool:
    return (
        user is not None
        and bool(getattr(user, "is_authenticated", False))
        and bool(user.is_active)
        and getattr(user, "kind", None) == UserKind.STAFF
    )


def assignments_in_force() -> QuerySet[StaffAssignment]:
    """Staff assignments valid today (Vietnam date) of active users, whoever holds them."""
    today = timezone.localdate()
    return StaffAssignment.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        user__is_active=True,
    )


def _path_ids(unit: Agency) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]


def agency_map(units: Iterable[Agency]) -> dict[int, int]:
    """unit id → id of the agency it belongs to (one query for any number of units)."""
    units = list(units)
    chains = {unit.pk: _path_ids(unit) for unit in units}
    ids = {pk for chain in chains.values() for pk in chain}
    agencies = set(
        Agency.objects.filter(pk__in=ids).exclude(kind=AgencyKind.UNIT).values_list("pk", flat=True)
    )
    result: dict[int, int] = {}
    for unit in units:
        chain = chains[unit.pk]
        result[unit.pk] = next((pk for pk in reversed(chain) if pk in agencies), chain[-1])
    return result


def document_agency(unit: Agency) -> Agency:
    """The agency whose documents a unit works on (the unit itself when it is an agency)."""
    if unit.kind != AgencyKind.UNIT:
        return unit
    agency_id = agency_map([unit])[unit.pk]
    return unit if agency_id == unit.pk else Agency.objects.get(pk=agency_id)


def agency_units(agency: Agency) -> list[Agency]:
    """The agency and its own units, in tree order (units of agencies below it belong to those)."""
    subtree = list(Agency.objects.filter(path__startswith=agency.path).order_by("path"))
    inner = [a.path for a in subtree if a.pk != agency.pk and a.kind != AgencyKind.UNIT]
    return [a for a in subtree if not any(a.path.startswith(path) for path in inner)]


@dataclass(frozen=True)
class Roles:
    """What one user holds, by agency; computed with two queries per request."""

    clerk_of: frozenset[int] = frozenset()
    leader_of: frozenset[int] = frozenset()
    administrator_of: frozenset[int] = frozenset()
    section_units: frozenset[int] = frozenset()
    drafting_units: frozenset[int] = frozenset()
    units_by_role: dict[str, frozenset[int]] = field(default_factory=dict)


def roles_of(user: Any) -> Roles:
    if not is_staff(user):
        return Roles()
    assignments: list[StaffAssignment] = list(active_assignments(user=user).select_related("unit"))
    mapping = agency_map(a.unit for a in assignments)
    by_role: dict[str, set[int]] = {}
    agencies_by_role: dict[str, set[int]] = {}
    for assignment in assignments:
        by_role.setdefault(assignment.role, set()).add(assignment.unit_id)
        agencies_by_role.setdefault(assignment.role, set()).add(mapping[assignment.unit_id])
    return Roles(
        clerk_of=frozenset(agencies_by_role.get(CLERK, set())),
        leader_of=frozenset(agencies_by_role.get(LEADER, set())),
        administrator_of=frozenset(agencies_by_role.get(StaffRole.ADMINISTRATOR, set())),
        section_units=frozenset(by_role.get(SECTION_HEAD, set())),
        drafting_units=frozenset(set().union(*(by_role.get(role, set()) for role in DRAFTER_ROLES))),
        units_by_role={role: frozenset(units) for role, units in by_role.items()},
    )


def incoming_visible_to(user: Any, roles: Roles | None = None) -> QuerySet[IncomingDocument]:
    """Clerks and leaders see their agency's incoming documents; handlers see what they were given."""
    if not is_staff(user):
        return IncomingDocument.objects.none()
    roles = roles or roles_of(user)
    handled = IncomingHandler.objects.filter(Q(user=user) | Q(unit_id__in=roles.section_units))
    return IncomingDocument.objects.filter(
        Q(agency_id__in=roles.clerk_of | roles.leader_of) | Q(pk__in=handled.values("document_id"))
    )


def outgoing_visible_to(user: Any, roles: Roles | None = None) -> QuerySet[OutgoingDocument]:
    """The drafter, the reviewing section, the agency's leaders, and its clerks from approval on."""
    if not is_staff(user):
        return OutgoingDocument.objects.none()
    roles = roles or roles_of(user)
    return OutgoingDocument.objects.filter(
        Q(created_by=user)
        | Q(approver=user)
        | Q(agency_id__in=roles.leader_of)
        | Q(drafting_unit_id__in=roles.section_units)
        | Q(agency_id__in=roles.clerk_of, status__in=CLERK_OUTGOING)
    )


def access_incoming(*, actor: Any, public_id: Any, for_update: bool = False) -> IncomingDocument:
    """The incoming document if `actor` may see it; NotFoundError (404) otherwise, never revealing it."""
    queryset = incoming_visible_to(actor)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    document = queryset.filter(public_id=public_id).first()
    if document is None:
        raise NotFoundError(INCOMING_NOT_FOUND)
    return document


def access_outgoing(*, actor: Any, public_id: Any, for_update: bool = False) -> OutgoingDocument:
    queryset = outgoing_visible_to(actor)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    document = queryset.filter(public_id=public_id).first()
    if document is None:
        raise NotFoundError(OUTGOING_NOT_FOUND)
    return document


def _handles(user: Any, roles: Roles, handler: IncomingHandler) -> bool:
    if handler.user_id is not None and handler.user_id == user.pk:
        return True
    return handler.unit_id is not None and handler.unit_id in roles.section_units


def may_incoming(
    actor: Any,
    action: str,
    document: IncomingDocument,
    *,
    handler: IncomingHandler | None = None,
    roles: Roles | None = None,
) -> bool:
    """Whether `actor` may take `action` on `document` (the status rules are the services' business)."""
    if not is_staff(actor):
        return False
    roles = roles or roles_of(actor)
    if action in (IncomingAction.REGISTER, IncomingAction.RETURN):
        return document.agency_id in roles.clerk_of
    if document.agency_id in roles.leader_of and action in (
        IncomingAction.DIRECT,
        IncomingAction.ASSIGN_HANDLER,
        IncomingAction.NOTE,
        IncomingAction.COMPLETE,
    ):
        return True
    if action == IncomingAction.ASSIGN_HANDLER:
        candidates = [handler] if handler is not None else list(document.handlers.all())
        return any(h.unit_id is not None and h.unit_id in roles.section_units for h in candidates)
    if action == IncomingAction.NOTE:
        return any(_handles(actor, roles, h) for h in document.handlers.all())
    if action == IncomingAction.COMPLETE:
        return any(_handles(actor, roles, h) for h in document.handlers.all() if h.role == HandlerRole.LEAD)
    return False


def may_outgoing(actor: Any, action: str, document: OutgoingDocument, *, roles: Roles | None = None) -> bool:
    if not is_staff(actor):
        return False
    roles = roles or roles_of(actor)
    section_head = document.drafting_unit_id in roles.section_units
    is_approver = document.approver_id == actor.pk and document.agency_id in roles.leader_of
    if action == OutgoingAction.ADD_VERSION:
        if document.status == OutgoingStatus.IN_REVIEW:
            return section_head
        return document.created_by_id == actor.pk
    if action == OutgoingAction.SUBMIT:
        return document.created_by_id == actor.pk
    if action == OutgoingAction.FORWARD:
        return section_head
    if action == OutgoingAction.SEND_BACK:
        return section_head if document.status == OutgoingStatus.IN_REVIEW else is_approver
    if action in (OutgoingAction.APPROVE, OutgoingAction.SIGN):
        return is_approver
    if action in (OutgoingAction.RECORD_PAPER_SIGNATURE, OutgoingAction.ISSUE, OutgoingAction.DISTRIBUTE):
        return document.agency_id in roles.clerk_of
    if action == OutgoingAction.RECALL:
        return document.agency_id in roles.clerk_of | roles.leader_of
    return False


def require_incoming(
    actor: Any, action: str, document: IncomingDocument, *, handler: IncomingHandler | None = None
) -> None:
    if not may_incoming(actor, action, document, handler=handler):
        raise PermissionDenied(f"Bạn không có quyền “{IncomingAction(action).label}” đối với văn bản này.")


def require_outgoing(actor: Any, action: str, document: OutgoingDocument) -> None:
    if not may_outgoing(actor, action, document):
        raise PermissionDenied(f"Bạn không có quyền “{OutgoingAction(action).label}” đối với văn bản này.")


def may_keep_registers(user: Any, agency: Agency) -> bool:
    """Registers are set up by the agency's clerks or administrators (or a superuser, in the admin site)."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    roles = roles_of(user)
    return agency.pk in roles.clerk_of | roles.administrator_of


def clerk_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose registers the user keeps."""
    return Agency.objects.filter(pk__in=roles_of(user).clerk_of).order_by("path")


def leader_agencies(user: Any) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=roles_of(user).leader_of).order_by("path")


def drafting_units(user: Any) -> QuerySet[Agency]:
    """The units in which the user may draft outgoing documents."""
    return Agency.objects.filter(pk__in=roles_of(user).drafting_units).order_by("path")


def is_section_head(user: Any, unit: Agency) -> bool:
    return is_staff(user) and user_has_role(user=user, unit=unit, role=SECTION_HEAD)


def section_head_units(user: Any) -> QuerySet[Agency]:
    return (
        units_where_user_has_role(user=user, role=SECTION_HEAD) if is_staff(user) else Agency.objects.none()
    )


def incoming_actions(actor: Any, document: IncomingDocument) -> list[str]:
    """The actions `actor` may take on `document` now: its status allows them and the actor has the role."""
    roles = roles_of(actor)
    return [
        action
        for action, (allowed, _) in INCOMING_TRANSITIONS.items()
        if document.status in allowed
        and action not in (IncomingAction.RECALL, IncomingAction.REPLACE)
        and may_incoming(actor, action, document, roles=roles)
    ]


def outgoing_actions(actor: Any, document: OutgoingDocument) -> list[str]:
    roles = roles_of(actor)
    return [
        action
        for action, (allowed, _) in OUTGOING_TRANSITIONS.items()
        if document.status in allowed
        and action != OutgoingAction.REPLACE
        and may_outgoing(actor, action, document, roles=roles)
    ]
