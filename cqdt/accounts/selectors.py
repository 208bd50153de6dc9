"""Reads of staff accounts: who works in a unit, and where a user works."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from cqdt.accounts.access import active_assignments
from cqdt.accounts.models import StaffAssignment, User
from cqdt.agencies.models import Agency


def _in_force(assignments: QuerySet[StaffAssignment], on: dt.date | None) -> QuerySet[StaffAssignment]:
    day = on or timezone.localdate()
    return assignments.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        user__is_active=True,
    )


def staff_of_unit(
    *,
    unit: Agency,
    role: str = "",
    include_subtree: bool = False,
    active_only: bool = True,
    on: dt.date | None = None,
) -> QuerySet[StaffAssignment]:
    """Assignments in the unit (or its whole subtree), with user and unit loaded, in tree order."""
    assignments = StaffAssignment.objects.select_related("user", "unit")
    if include_subtree:
        assignments = assignments.filter(unit__path__startswith=unit.path)
    else:
        assignments = assignments.filter(unit=unit)
    if role:
        assignments = assignments.filter(role=role)
    if active_only:
        assignments = _in_force(assignments, on)
    return assignments.order_by("unit__path", "role", "user__full_name", "user__username")


def staff_users_of_unit(*, unit: Agency, role: str = "", on: dt.date | None = None) -> QuerySet[User]:
    """The users holding any role (or `role`) in the unit today."""
    held = staff_of_unit(unit=unit, role=role, on=on)
    return User.objects.filter(pk__in=held.values("user_id")).order_by("full_name", "username")


def user_assignments(
    *, user: User, active_only: bool = True, on: dt.date | None = None
) -> QuerySet[StaffAssignment]:
    """The user's roles, with each unit loaded."""
    if active_only:
        assignments = active_assignments(user=user, on=on)
    else:
        assignments = StaffAssignment.objects.filter(user=user)
    return assignments.select_related("unit").order_by("unit__path", "role")
