"""Reads of the documents app: lists filtered by what the user may see, queues, detail pages, search.

Every list loads its related rows up front (a fixed number of queries whatever the page size).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When

from cqdt.agencies.models import Agency
from cqdt.core.errors import NotFoundError
from cqdt.core.text import fold_diacritics
from cqdt.documents import access
from cqdt.documents.models import (
    DocumentType,
    IncomingDocument,
    IncomingHandler,
    IncomingHistory,
    OutgoingDocument,
    OutgoingHistory,
    OutgoingRecipient,
    OutgoingVersion,
    Register,
)
from cqdt.documents.status import INCOMING_OPEN, OutgoingStatus, Urgency

URGENCY_RANK = Case(
    When(urgency=Urgency.FLASH, then=Value(3)),
    When(urgency=Urgency.VERY_URGENT, then=Value(2)),
    When(urgency=Urgency.URGENT, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    year: int | None = None
    urgency: str = ""
    agency_id: int | None = None


def search(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Every word of `q`, accents and case folded, must occur in the document's search text."""
    for word in fold_diacritics(q).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _filtered(queryset: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.urgency:
        queryset = queryset.filter(urgency=filters.urgency)
    if filters.agency_id:
        queryset = queryset.filter(agency_id=filters.agency_id)
    return search(queryset, filters.q)


def _handlers() -> Prefetch[Any]:
    return Prefetch(
        "handlers",
        queryset=IncomingHandler.objects.select_related("unit", "user", "assigned_by").order_by(
            "-role", "id"
        ),
    )


def incoming_list_for(
    *, user: Any, filters: Filters | None = None, roles: access.Roles | None = None
) -> QuerySet[IncomingDocument]:
    """The incoming documents the user may see, newest arrival first."""
    queryset = (
        access.incoming_visible_to(user, roles)
        .select_related("document_type", "agency")
        .prefetch_related(_handlers())
    )
    return _filtered(queryset, filters or Filters()).order_by("-arrived_at", "-pk")


def assignments_for(*, user: Any, open_only: bool = True) -> QuerySet[IncomingDocument]:
    """ "My assignments": documents the user handles in person or through a unit they lead, nearest deadline
    first (no deadline last)."""
    if not access.is_staff(user):
        return IncomingDocument.objects.none()
    units = access.roles_of(user).section_units
    mine = IncomingHandler.objects.filter(Q(user=user) | Q(unit_id__in=units, user__isnull=True))
    queryset = IncomingDocument.objects.filter(pk__in=mine.values("document_id"))
    if open_only:
        queryset = queryset.filter(status__in=INCOMING_OPEN)
    return (
        queryset.select_related("document_type", "agency")
        .prefetch_related(_handlers())
        .order_by(F("deadline").asc(nulls_last=True), "-arrived_at", "-pk")
    )


def incoming_detail(*, user: Any, public_id: Any) -> IncomingDocument:
    """One incoming document with its files, handlers, history and delivery; NotFoundError if not visible."""
    document = access.access_incoming(actor=user, public_id=public_id)
    return (
        IncomingDocument.objects.select_related(
            "document_type",
            "agency",
            "register",
            "registered_by",
            "directed_by",
            "completed_by",
            "reply",
            "replaced_by",
            "delivery__document",
        )
        .prefetch_related(
            "files",
            _handlers(),
            Prefetch(
                "history", queryset=IncomingHistory.objects.select_related("actor").order_by("at", "id")
            ),
            Prefetch("replies", queryset=OutgoingDocument.objects.select_related("document_type")),
        )
        .get(pk=document.pk)
    )


def outgoing_list_for(
    *, user: Any, filters: Filters | None = None, mine: bool = False, roles: access.Roles | None = None
) -> QuerySet[OutgoingDocument]:
    """The outgoing documents the user may see (only their own drafts with `mine`), last changed first."""
    queryset = access.outgoing_visible_to(user, roles)
    if mine:
        queryset = queryset.filter(created_by=user)
    queryset = queryset.select_related("document_type", "agency", "drafting_unit", "created_by", "approver")
    return _filtered(queryset, filters or Filters()).order_by("-updated_at", "-pk")


def approval_queue(*, user: Any) -> QuerySet[OutgoingDocument]:
    """Drafts waiting for the user: to review as the unit's leader, or to approve and sign as the leader."""
    if not access.is_staff(user):
        return OutgoingDocument.objects.none()
    roles = access.roles_of(user)
    return (
        OutgoingDocument.objects.filter(
            Q(status=OutgoingStatus.IN_REVIEW, drafting_unit_id__in=roles.section_units)
            | Q(
                status__in=(OutgoingStatus.PENDING_APPROVAL, OutgoingStatus.APPROVED),
                approver=user,
                agency_id__in=roles.leader_of,
            )
        )
        .select_related("document_type", "agency", "drafting_unit", "created_by", "approver")
        .order_by(URGENCY_RANK.desc(), "updated_at", "pk")
    )


def issue_queue(*, user: Any) -> QuerySet[OutgoingDocument]:
    """The clerk's queue: approved documents awaiting a paper signature, signed ones to number and issue."""
    roles = access.roles_of(user)
    return (
        OutgoingDocument.objects.filter(
            agency_id__in=roles.clerk_of, status__in=(OutgoingStatus.APPROVED, OutgoingStatus.SIGNED)
        )
        .select_related("document_type", "agency", "drafting_unit", "created_by", "approver")
        .order_by("-status", "updated_at", "pk")
    )


def outgoing_detail(*, user: Any, public_id: Any) -> OutgoingDocument:
    document = access.access_outgoing(actor=user, public_id=public_id)
    return (
        OutgoingDocument.objects.select_related(
            "document_type",
            "agency",
            "drafting_unit",
            "created_by",
            "reviewer",
            "approver",
            "issued_by",
            "register",
            "replaces",
            "reply_to",
        )
        .prefetch_related(
            Prefetch(
                "versions", queryset=OutgoingVersion.objects.select_related("created_by").order_by("number")
            ),
            Prefetch(
                "recipients",
                queryset=OutgoingRecipient.objects.select_related("agency", "incoming").order_by("pk"),
            ),
            Prefetch(
                "history", queryset=OutgoingHistory.objects.select_related("actor").order_by("at", "id")
            ),
            "replacements",
        )
        .get(pk=document.pk)
    )


def registers_for(*, user: Any, direction: str = "") -> QuerySet[Register]:
    """The registers of the agencies where the user is a clerk or a leader."""
    roles = access.roles_of(user)
    queryset = Register.objects.filter(agency_id__in=roles.clerk_of | roles.leader_of).select_related(
        "agency"
    )
    if direction:
        queryset = queryset.filter(direction=direction)
    return queryset.order_by("agency__path", "direction", "name")


def register_get(*, user: Any, public_id: Any) -> Register:
    register = registers_for(user=user).filter(public_id=public_id).first()
    if register is None:
        raise NotFoundError("Không tìm thấy sổ đăng ký hoặc bạn không có quyền xem sổ này.")
    return register


def register_years_map(registers: list[Register]) -> dict[int, list[int]]:
    """register id → the years it has entries for, newest first (two queries for any number)."""
    ids = [register.pk for register in registers]
    years: dict[int, set[int]] = {}
    for model in (IncomingDocument, OutgoingDocument):
        pairs = model.objects.filter(register_id__in=ids).values_list("register_id", "year").distinct()
        for register_id, year in pairs:
            if year is not None:
                years.setdefault(register_id, set()).add(year)
    return {register_id: sorted(found, reverse=True) for register_id, found in years.items()}


def document_types() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(is_active=True).order_by("position", "name")


def approver_choices(*, agency_id: int) -> list[Any]:
    """The leaders of an agency, who may approve and sign its documents."""
    agency = Agency.objects.get(pk=agency_id)
    units = [unit.pk for unit in access.agency_units(agency)]
    assignments = (
        access.assignments_in_force()
        .filter(unit_id__in=units, role=access.LEADER)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return list(dict.fromkeys(assignment.user for assignment in assignments))
