"""Reads of the one-stop back office: inboxes with keyset pagination, the dossier page, lookups."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import ExpressionWrapper, F, IntegerField, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone

from cqdt.accounts.models import StaffAssignment, StaffRole, shown_name
from cqdt.core.calendar import legal_time_zone
from cqdt.core.queries import unique_or_none
from cqdt.core.text import fold_diacritics
from cqdt.dossiers import unit_walk
from cqdt.dossiers.access import LEADER_ROLES, dossiers_visible_to, open_steps_for
from cqdt.dossiers.deadlines import warning_horizon
from cqdt.dossiers.models import (
    Apology,
    ApologyStatus,
    Dossier,
    DossierFile,
    DossierHistory,
    DossierPause,
    DossierStep,
)
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
    items: list["InboxRow"]
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
        # The ids first, from the two indexes that hold them (the official's dossiers; open dossiers nobody
        # holds): as one `assignee = me OR (nobody AND the step is mine)` filter PostgreSQL reads every open
        # dossier of the province, since it cannot know that open dossiers almost always have a handler.
        handled = [DossierStatus.RECEIVED, DossierStatus.PROCESSING]
        held = Dossier.objects.filter(mine, status__in=handled).values_list("pk", flat=True)
        unheld = Dossier.objects.filter(open_steps_for(user), status__in=handled).values_list("pk", flat=True)
        return visible.filter(pk__in=list(held.union(unheld))).exclude(current_step__role__in=LEADER_ROLES)
    if box == Box.TO_APPROVE:
        leader_step = mine & Q(current_step__role__in=LEADER_ROLES, status=DossierStatus.PROCESSING)
        # The ids first (a leader has a handful of drafts): `assignee OR id IN (list)` is a bitmap OR of two
        # indexes, where `OR id IN (subquery)` makes PostgreSQL read the whole table.
        apologies = list(_apologies_for_leader(user).values_list("dossier_id", flat=True))
        return visible.filter(leader_step | Q(pk__in=apologies))
    if box == Box.TO_RETURN:
        return visible.filter(
            _under("receiving_unit__path", _desk_unit_paths(user)), status=DossierStatus.RESOLVED
        )
    if box == Box.PAUSED:
        return visible.filter(status__in=[DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.FEES_REQUESTED])
    if box == Box.NEAR_DEADLINE:
        horizon = warning_horizon(now)
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


@dataclass(frozen=True, slots=True)
class InboxRow:
    """What an inbox row shows (the page and the API alike), read as plain values: building model
    instances of four tables for 25 rows cost more than the query."""

    id: int
    code: str
    status: int
    channel: str
    applicant_name: str
    received_at: datetime | None
    due_at: datetime | None
    rescheduled_due_at: datetime | None
    procedure_code: str
    procedure_name: str
    step_name: str | None
    step_deadline: datetime | None
    assignee_public_id: Any
    assignee_full_name: str | None
    assignee_username: str | None

    @classmethod
    def of(cls, dossier: Dossier) -> "InboxRow":
        step, assignee = dossier.current_step, dossier.current_assignee
        return cls(
            dossier.pk, dossier.code, dossier.status, dossier.channel, dossier.applicant_name,
            dossier.received_at, dossier.due_at, dossier.rescheduled_due_at,
            dossier.procedure.code, dossier.procedure.name,
            step.name if step else None, step.deadline if step else None,
            assignee.public_id if assignee else None, assignee.full_name if assignee else None,
            assignee.username if assignee else None,
        )  # fmt: skip

    @property
    def status_label(self) -> str:
        return str(DossierStatus(self.status).label)

    @property
    def assignee_name(self) -> str | None:
        if self.assignee_public_id is None or self.assignee_username is None:
            return None
        return shown_name(self.assignee_full_name, self.assignee_username)

    def step_overdue(self, now: datetime) -> bool:
        return self.status in OPEN and self.step_deadline is not None and self.step_deadline <= now


# The columns of InboxRow, in its order.
_INBOX_ROW_COLUMNS = (
    "id", "code", "status", "channel", "applicant_name", "received_at", "due_at", "rescheduled_due_at",
    "procedure__code", "procedure__name", "current_step__name", "current_step__deadline",
    "current_assignee__public_id", "current_assignee__full_name", "current_assignee__username",
)  # fmt: skip


def _newest_first(box: str, filters: InboxFilters) -> OrderBy:
    """Newest first, in the shape that suits how many rows the query keeps.

    Walking the primary key backwards finds a page at once when matches are common (all dossiers, or a
    closed status). Open dossiers are a fraction of a percent of the table and their deadlines correlate
    with being open, which the planner cannot know: walking the key for them may read the whole table. For
    those, ordering by an expression makes PostgreSQL select the few rows by the open-status index first
    and sort them.
    """
    if box == Box.ALL and filters.status not in OPEN:
        return F("pk").desc()
    return ExpressionWrapper(F("pk") + 0, output_field=IntegerField()).desc()


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
    filters = filters or InboxFilters()
    if box == Box.ALL and filters.status not in OPEN and unit_walk.walks_by_units(user):
        # The ids from the official's units' own rows (unit_walk.py), then the page through the same
        # visibility condition as every box.
        ids = unit_walk.page_ids(
            user, lambda source: _apply_filters(source, filters), after=after, limit=limit + 1
        )
        queryset = dossiers_visible_to(user).filter(pk__in=ids)
    else:
        queryset = _apply_filters(box_queryset(user, box, now=now), filters)
    if after is not None:
        queryset = queryset.filter(pk__lt=after)
    rows = [
        InboxRow(*values)
        for values in queryset.order_by(_newest_first(box, filters)).values_list(*_INBOX_ROW_COLUMNS)[
            : limit + 1
        ]
    ]
    has_more = len(rows) > limit
    items = rows[:limit]
    return InboxPage(items=items, next_cursor=items[-1].id if has_more and items else None)


_BOX_COUNTS_KEY = "dossiers:box-counts:v1:"


def box_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """The number in each tab; seven counts over everything the user may see, so kept in the cache.

    `record()` forgets the counts of the official who acted and of the one a dossier was handed to when the
    change commits; other changes (a colleague's, the clock passing a deadline) show within
    settings.CQDT_INBOX_COUNTS_CACHE_SECONDS.
    """
    key = _BOX_COUNTS_KEY + str(user.pk)
    counts: dict[str, int] | None = cache.get(key)
    if counts is None:
        counts = {box: box_queryset(user, box, now=now).count() for box in Box.LABELS if box != Box.ALL}
        cache.set(key, counts, timeout=settings.CQDT_INBOX_COUNTS_CACHE_SECONDS)
    return counts


def box_counts_forget(*user_ids: int | None) -> None:
    cache.delete_many([_BOX_COUNTS_KEY + str(user_id) for user_id in user_ids if user_id is not None])


_DOSSIER_RELATIONS = (
    "procedure",
    "case",
    "receiving_unit",
    "handling_agency",
    "current_step",
    "current_unit",
    "current_assignee",
    "applicant_address_unit",
)


def _steps_in_order() -> Prefetch[Any]:
    return Prefetch(
        "steps", queryset=DossierStep.objects.select_related("agency", "assignee").order_by("position")
    )


def dossier_for_action(*, user: Any, code: str) -> Dossier | None:
    """What an action needs before it runs (the dossier, its relations and its steps); the rest of the
    page (history, files, components) is read only if the action's form asks for it."""
    return unique_or_none(
        dossiers_visible_to(user)
        .filter(code=code)
        .select_related(*_DOSSIER_RELATIONS)
        .prefetch_related(_steps_in_order())
    )


# What the dossier page and the API detail show, and what `available_actions`, `access.may` and the action
# forms read. Anything left out costs one more query when it is first read (test_dossier_page_reads.py counts
# them); the current step comes from the prefetched steps instead of a join.
_DETAIL_FIELDS = (
    "id", "code", "status", "channel", "summary", "timeliness", "form_data", "representative",
    "applicant_type", "applicant_name", "applicant_id_number", "applicant_birth_date", "applicant_address",
    "applicant_phone", "applicant_email", "submitted_at", "received_at", "due_at", "rescheduled_due_at",
    "finished_at", "returned_at", "decision", "result_number", "result_signer", "result_issued_on",
    "result_summary", "return_method", "return_note", "current_step",
    "procedure__code", "procedure__name", "case__code", "case__name", "case__form_schema",
    "receiving_unit__public_id", "receiving_unit__identifier_code", "receiving_unit__name",
    "receiving_unit__path", "handling_agency__public_id", "handling_agency__identifier_code",
    "handling_agency__name", "handling_agency__path", "current_unit__name", "current_unit__path",
    "current_assignee__public_id", "current_assignee__full_name", "current_assignee__username",
    "applicant_address_unit__name",
)  # fmt: skip
_DETAIL_RELATIONS = (
    "procedure",
    "case",
    "receiving_unit",
    "handling_agency",
    "current_unit",
    "current_assignee",
    "applicant_address_unit",
)
_PERSON = ("public_id", "full_name", "username")


def _people(*relations: str) -> list[str]:
    return [f"{relation}__{field}" for relation in relations for field in _PERSON]


def _detail_prefetches() -> list[Prefetch[Any]]:
    steps = (
        DossierStep.objects.select_related("agency", "assignee")
        .only(
            "dossier", "position", "name", "role", "started_at", "deadline", "finished_at", "timeliness",
            "agency__name", "agency__path", *_people("assignee"),
        )
        .order_by("position")
    )  # fmt: skip
    files = DossierFile.objects.only(
        "dossier", "component", "public_id", "created_at", "kind", "original_name", "content_type", "size",
        "sha256",
    )  # fmt: skip
    pauses = DossierPause.objects.only(
        "dossier", "reason", "started_at", "ended_at", "explanation", "requested_components"
    )
    apologies = Apology.objects.select_related("drafted_by", "decided_by").only(
        "dossier", "public_id", "status", "reason", "previous_due_at", "new_due_at", "decided_at",
        *_people("drafted_by", "decided_by"),
    )  # fmt: skip
    return [
        Prefetch("steps", queryset=steps),
        Prefetch("components"),
        Prefetch("files", queryset=files),
        Prefetch("pauses", queryset=pauses),
        Prefetch("apologies", queryset=apologies),
    ]


def dossier_detail(*, user: Any, code: str) -> Dossier | None:
    """The dossier page and the API detail: everything but the history in a fixed number of queries (files by
    component: `component_files`; the history: `dossier_history_values`)."""
    dossier = unique_or_none(
        dossiers_visible_to(user)
        .filter(code=code)
        .select_related(*_DETAIL_RELATIONS)
        .only(*_DETAIL_FIELDS)
        .prefetch_related(*_detail_prefetches())
    )
    if dossier is not None and dossier.current_step_id is not None:
        current = next((step for step in dossier.steps.all() if step.pk == dossier.current_step_id), None)
        if current is not None:
            dossier.current_step = current
    return dossier


# The history as the dossier page's timeline shows it; the API pages through it at /history instead.
_HISTORY_VALUES = (
    "at", "action", "from_status", "to_status", "step_name", "step_deadline", "step_timeliness", "reason",
    "actor_id", "actor__full_name", "actor__username", "to_user_id", "to_user__full_name",
    "to_user__username", "to_unit_id", "to_unit__name",
)  # fmt: skip


def dossier_history_values(dossier: Dossier) -> list[dict[str, Any]]:
    """The dossier's history, oldest first, as plain values (no model instances to build)."""
    return list(
        DossierHistory.objects.filter(dossier_id=dossier.pk).order_by("at", "id").values(*_HISTORY_VALUES)
    )


def component_files(dossier: Dossier) -> dict[int, list[DossierFile]]:
    """The files of each component of a dossier loaded by `dossier_detail`, in upload order."""
    grouped: dict[int, list[DossierFile]] = {}
    for stored in dossier.files.all():
        if stored.component_id is not None:
            grouped.setdefault(stored.component_id, []).append(stored)
    return grouped


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


# --- public tracking -----------------------------------------------------------------------------------
# The public lookup by code is the most frequent read of the whole system (every applicant, every QR scan,
# every notification link), so its answer is a small snapshot kept in the cache. `record()` in the services
# forgets a dossier's snapshot when the change commits; the time-to-live bounds what a race between a
# reader and a writer could leave behind (settings.CQDT_TRACKING_CACHE_SECONDS).

_TRACKING_KEY = "dossiers:tracking:v1:"
_CODE_SHAPE = re.compile(r"[A-Z0-9.\-_]{1,40}")  # what codes are made of; anything else is unknown


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime
    action: str
    to_unit_name: str
    step_name: str
    reason: str


@dataclass(frozen=True)
class TrackingSnapshot:
    """What public tracking shows once the digits match, and the digits to match (last 4, or "")."""

    code: str
    procedure_name: str
    agency_name: str
    status: int
    received_at: datetime | None
    appointment_at: datetime | None
    phone_digits: str
    id_number_digits: str
    events: tuple[TrackingEvent, ...]

    @property
    def status_label(self) -> str:
        return str(DossierStatus(self.status).label)


def dossier_tracking_url(code: str) -> str:
    """The public page where anyone with the code follows the dossier: what the QR code on the receipt
    (Mẫu 01) opens and what every notice links to."""
    return f"{settings.CQDT_PUBLIC_BASE_URL.rstrip('/')}/tra-cuu/{quote(code, safe='')}"


def last_four_digits(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


def normalise_code(code: str) -> str:
    return code.strip().upper()


def tracking_events(history: Iterable[DossierHistory]) -> tuple[TrackingEvent, ...]:
    """History rows as tracking events; `to_unit` must be loaded with them."""
    return tuple(
        TrackingEvent(
            at=entry.at,
            action=entry.action,
            to_unit_name=entry.to_unit.name if entry.to_unit_id and entry.to_unit else "",
            step_name=entry.step_name,
            reason=entry.reason,
        )
        for entry in history
    )


_TRACKING_FIELDS = (
    "id", "code", "status", "received_at", "due_at", "rescheduled_due_at", "applicant_phone",
    "applicant_id_number", "procedure__name", "handling_agency__name",
)  # fmt: skip


def _tracking_snapshot_from_database(code: str) -> TrackingSnapshot | None:
    shown = Dossier.objects.select_related("procedure", "handling_agency").only(*_TRACKING_FIELDS)
    dossier = unique_or_none(shown.filter(code=code))
    if dossier is None:
        return None
    history = (
        DossierHistory.objects.filter(dossier_id=dossier.pk)
        .select_related("to_unit")
        .only("at", "action", "step_name", "reason", "to_unit__name")
        .order_by("at", "id")
    )
    return TrackingSnapshot(
        code=dossier.code,
        procedure_name=dossier.procedure.name,
        agency_name=dossier.handling_agency.name,
        status=dossier.status,
        received_at=dossier.received_at,
        appointment_at=dossier.rescheduled_due_at or dossier.due_at,
        phone_digits=last_four_digits(dossier.applicant_phone),
        id_number_digits=last_four_digits(dossier.applicant_id_number),
        events=tracking_events(history),
    )


def dossier_tracking_snapshot(*, code: str) -> TrackingSnapshot | None:
    """The public tracking snapshot of the dossier `code` (any case, spaces around); None if unknown."""
    code = normalise_code(code)
    if not _CODE_SHAPE.fullmatch(code):
        return None
    key = _TRACKING_KEY + code
    snapshot: TrackingSnapshot | None = cache.get(key)
    if snapshot is None:
        snapshot = _tracking_snapshot_from_database(code)
        if snapshot is not None:
            cache.set(key, snapshot, timeout=settings.CQDT_TRACKING_CACHE_SECONDS)
    return snapshot


def dossier_tracking_forget(code: str) -> None:
    cache.delete(_TRACKING_KEY + normalise_code(code))
