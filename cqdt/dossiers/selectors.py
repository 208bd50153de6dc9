"""Reads of the one-stop back office: inboxes with keyset pagination, the dossier page, lookups."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cqdt.accounts.models import StaffAssignment, StaffRole
from cqdt.core.calendar import calendar_from_settings, legal_time_zone
from cqdt.core.text import fold_diacritics
from cqdt.dossiers.access import LEADER_ROLES, dossiers_visible_to, open_steps_for
from cqdt.dossiers.models import Apology, ApologyStatus, Dossier, DossierHistory, DossierStep
from cqdt.dossiers.status import OPEN, DossierStatus


class Box:
    TO_RECEIVE = "to_receive"
    TO_PROCESS = "to_process"
    TO_APPROVE = "to_approve"
    TO_RETURN = "to_return"
    PAUSED = "paused"
    NEAR_DEADLINE = "near_deadline"
    OVERDUE = "overdue"
    ALL = "all"

    LABELS = {
        TO_RECEIVE: "Chờ tiếp nhận",
        TO_PROCESS: "Chờ xử lý",
        TO_APPROVE: "Chờ phê duyệt",
        TO_RETURN: "Chờ trả kết quả",
        PAUSED: "Tạm dừng, chờ bổ sung",
        NEAR_DEADLINE: "Sắp đến hạn",
        OVERDUE: "Quá hạn",
        ALL: "Tất cả hồ sơ",
    }


@dataclass(frozen=True)
class InboxFilters:
    procedure_id: int | None = None
    status: int | None = None
    channel: str = ""
    received_from: date | None = None
    received_to: date | None = None
    query: str = ""


@dataclass(frozen=True)
class InboxPage:
    items: list[Dossier]
    next_cursor: int | None


def _desk_unit_paths(user: Any) -> list[str]:
    return list(
        StaffAssignment.objects.filter(user=user, role=StaffRole.ONE_STOP_OFFICER, valid_to__isnull=True)
        .values_list("unit__path", flat=True)
        .distinct()
    )


def _under(field: str, paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _warning_horizon(now: datetime) -> datetime:
    return calendar_from_settings().add_working_hours(now, settings.CQDT_DEADLINE_WARNING_HOURS)


def box_queryset(user: Any, box: str, *, now: datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of one inbox; every box is a filter on what the user may see."""
    now = now or timezone.now()
    visible = dossiers_visible_to(user)
    mine = Q(current_assignee=user)
    if box == Box.TO_RECEIVE:
        return visible.filter(
            _under("receiving_unit__path", _desk_unit_paths(user)), status=DossierStatus.SUBMITTED
        )
    if box == Box.TO_PROCESS:
        return visible.filter(
            mine | open_steps_for(user), status__in=[DossierStatus.RECEIVED, DossierStatus.PROCESSING]
        ).exclude(current_step__role__in=LEADER_ROLES)
    if box == Box.TO_APPROVE:
        leader_step = mine & Q(current_step__role__in=LEADER_ROLES, status=DossierStatus.PROCESSING)
        return visible.filter(leader_step | Q(pk__in=_apologies_for_leader(user)))
    if box == Box.TO_RETURN:
        return visible.filter(
            _under("receiving_unit__path", _desk_unit_paths(user)), status=DossierStatus.RESOLVED
        )
    if box == Box.PAUSED:
        return visible.filter(status__in=[DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.FEES_REQUESTED])
    if box == Box.NEAR_DEADLINE:
        horizon = _warning_horizon(now)
        return visible.filter(status__in=OPEN).filter(
            Q(due_at__gt=now, due_at__lte=horizon)
            | Q(current_step__deadline__gt=now, current_step__deadline__lte=horizon)
        )
    if box == Box.OVERDUE:
        return visible.filter(status__in=OPEN).filter(Q(due_at__lte=now) | Q(current_step__deadline__lte=now))
    if box == Box.ALL:
        return visible
    raise ValueError(box)


def _apologies_for_leader(user: Any) -> "QuerySet[Apology, Any]":
    paths = list(
        StaffAssignment.objects.filter(user=user, role__in=LEADER_ROLES, valid_to__isnull=True).values_list(
            "unit__path", flat=True
        )
    )
    return Apology.objects.filter(
        _under("dossier__handling_agency__path", paths), status=ApologyStatus.DRAFT
    ).values("dossier_id")


def _apply_filters(queryset: QuerySet[Dossier], filters: InboxFilters) -> QuerySet[Dossier]:
    zone = legal_time_zone()
    if filters.procedure_id:
        queryset = queryset.filter(procedure_id=filters.procedure_id)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.received_from:
        queryset = queryset.filter(received_at__gte=datetime.combine(filters.received_from, time.min, zone))
    if filters.received_to:
        end = datetime.combine(filters.received_to, time.min, zone) + timedelta(days=1)
        queryset = queryset.filter(received_at__lt=end)
    if filters.query.strip():
        folded = fold_diacritics(filters.query)
        queryset = queryset.filter(Q(code__iexact=filters.query.strip()) | Q(search_text__contains=folded))
    return queryset


def inbox_page(
    user: Any,
    box: str,
    *,
    filters: InboxFilters | None = None,
    after: int | None = None,
    limit: int = 25,
    now: datetime | None = None,
) -> InboxPage:
    """One page of an inbox, newest first, keyset-paginated on the id (stable and index-friendly)."""
    queryset = _apply_filters(box_queryset(user, box, now=now), filters or InboxFilters())
    if after is not None:
        queryset = queryset.filter(pk__lt=after)
    rows = list(
        queryset.select_related("procedure", "current_step", "current_assignee", "handling_agency").order_by(
            "-pk"
        )[: limit + 1]
    )
    has_more = len(rows) > limit
    items = rows[:limit]
    return InboxPage(items=items, next_cursor=items[-1].pk if has_more and items else None)


def box_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    return {box: box_queryset(user, box, now=now).count() for box in Box.LABELS if box != Box.ALL}


def dossier_detail(*, user: Any, code: str) -> Dossier | None:
    """The dossier page: everything in a fixed number of queries."""
    return (
        dossiers_visible_to(user)
        .filter(code=code)
        .select_related(
            "procedure",
            "case",
            "receiving_unit",
            "handling_agency",
            "current_step",
            "current_unit",
            "current_assignee",
            "applicant_address_unit",
        )
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=DossierStep.objects.select_related("agency", "assignee").order_by("position"),
            ),
            Prefetch(
                "history",
                queryset=DossierHistory.objects.select_related(
                    "actor", "to_user", "to_unit", "from_unit"
                ).order_by("at", "id"),
            ),
            "components__files",
            "files",
            "pauses",
            Prefetch("apologies", queryset=Apology.objects.select_related("drafted_by", "decided_by")),
        )
        .first()
    )


def candidates_for_next_step(dossier: Dossier) -> list[Any]:
    """Officials who can take the next step (role held in the step's agency subtree)."""
    step = dossier.current_step
    if step is None:
        return []
    following = dossier.steps.filter(position__gt=step.position).order_by("position").first()
    if following is None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            assignments__role=following.role,
            assignments__valid_to__isnull=True,
            assignments__unit__path__startswith=following.agency.path,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )
