"""The "all" box of an official of a few small units, read from the units' own rows.

A dossier is visible to an official when one of their units (or one below) took part in it, or when its
current step waits, unassigned, for their role (`access.dossiers_visible_to`). The "all" box lists them newest
first, and PostgreSQL finds a page by walking the whole table backwards and testing each row: it reads about
1 ÷ (the units' share of all dossiers) rows for each row it keeps. For phường Tam Thanh (4.4 % of the 1 M
dossiers of the benchmark province) that is 650 rows and 0.3 ms for a first page; for Sở Tư pháp (1.5 %),
4,164 rows and 39–68 ms; for a commune with 0.2 % it would be ten times that (docs/performance.md §4).

Walking each unit's rows backwards in `involved_unit_dossier_idx` reads about as many rows as it keeps (1.0 ms
for Sở Tư pháp), and the dossiers whose step nobody holds come from their own partial index; the page is then
read by those ids through the same visibility condition. That is a query per unit and two more where the table
walk is one query, so it is chosen only for an official of at most `MAX_UNITS` units that together take part
in under `MAX_SHARE` of the dossiers. Which walk an official gets is kept an hour in the cache: it decides the
speed of the page, never its content.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from cqdt.dossiers.access import open_steps_for, visible_unit_ids
from cqdt.dossiers.models import Dossier, InvolvedUnit

MAX_UNITS = 4
MAX_SHARE = 0.02
_CHOICE_KEY = "dossiers:unit-walk:v1:"
_TOTAL_KEY = "dossiers:unit-walk:v1:total"
_CHOICE_SECONDS = 3600


def _small_enough(units: list[int]) -> bool:
    if not 0 < len(units) <= MAX_UNITS:
        return False
    total: int = cache.get_or_set(_TOTAL_KEY, Dossier.objects.count, timeout=_CHOICE_SECONDS) or 0
    taking_part = InvolvedUnit.objects.filter(unit_id__in=units).values("dossier_id").distinct().count()
    return taking_part < MAX_SHARE * total


def walks_by_units(user: Any) -> bool:
    """Whether the official's "all" box is read from their units' rows rather than by walking the table."""
    if not getattr(user, "is_authenticated", False):
        return False
    key = f"{_CHOICE_KEY}{user.pk}"
    choice = cache.get(key)
    if choice is None:
        choice = _small_enough(visible_unit_ids(user))
        cache.set(key, choice, timeout=_CHOICE_SECONDS)
    return bool(choice)


def page_ids(
    user: Any,
    narrow: Callable[[QuerySet[Dossier]], QuerySet[Dossier]],
    *,
    after: int | None,
    limit: int,
) -> list[int]:
    """The ids of the newest `limit` dossiers the official may see that `narrow` keeps (the inbox filters)
    and that come before the cursor `after`, newest first: the newest `limit` of each unit's and of the
    unheld steps', merged, hold the newest `limit` of them all."""
    sources = [Dossier.objects.filter(involved_units__unit_id=unit) for unit in visible_unit_ids(user)]
    # `current_step` not null is implied by the step's role and agency; said, it lets PostgreSQL read the few
    # dossiers of `dossier_unassigned_step_idx` instead of walking the table.
    sources.append(Dossier.objects.filter(open_steps_for(user), current_step__isnull=False))
    found: set[int] = set()
    for source in sources:
        walk = narrow(source)
        if after is not None:
            walk = walk.filter(pk__lt=after)
        found.update(walk.order_by("-pk").values_list("pk", flat=True)[:limit])
    return sorted(found, reverse=True)[:limit]
