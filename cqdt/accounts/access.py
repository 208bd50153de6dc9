"""Authorisation by agency unit and staff role.

A role counts on a day when the assignment's validity covers it (today in Vietnam by default) and the user
account is active. Later apps filter their querysets with these helpers instead of looping over units.
"""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from cqdt.accounts.models import StaffAssignment
from cqdt.agencies.models import Agency


def _is_signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def active_assignments(*, user: Any, on: dt.date | None = None) -> QuerySet[StaffAssignment]:
    """The user's assignments in force on `on`; none for anonymous or deactivated users."""
    if not _is_signed_in(user):
        return StaffAssignment.objects.none()
    day = on or timezone.localdate()
    return StaffAssignment.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        user=user,
    )


def user_has_role(
    *, user: Any, unit: Agency, role: str, include_ancestors: bool = False, on: dt.date | None = None
) -> bool:
    """Does the user hold `role` in `unit` (or, with `include_ancestors`, in any agency above it)?"""
    if include_ancestors:
        unit_ids = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]
    else:
        unit_ids = [unit.pk]
    return active_assignments(user=user, on=on).filter(role=role, unit_id__in=unit_ids).exists()


def units_where_user_has_role(*, user: Any, role: str, on: dt.date | None = None) -> QuerySet[Agency]:
    """The units in which the user holds `role` directly."""
    held = active_assignments(user=user, on=on).filter(role=role)
    return Agency.objects.filter(pk__in=held.values("unit_id"))


def units_under_user_role(*, user: Any, role: str, on: dt.date | None = None) -> QuerySet[Agency]:
    """Every unit where the user holds `role`, with everything below each of them (one query).

    For leaders of an agency, who see the work of all its units.
    """
    held = active_assignments(user=user, on=on).filter(
        role=role, unit__path=Substr(OuterRef("path"), 1, Length("unit__path"))
    )
    return Agency.objects.filter(Exists(held))
