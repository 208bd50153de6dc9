"""Reads of the agency directory. Subtrees are one indexed prefix query on `Agency.path`."""

import datetime as dt
import uuid

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cqdt.agencies.identifiers import IDENTIFIER_PATTERN
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.core.text import fold_diacritics

_LIST_RELATIONS = ("parent", "administrative_unit", "replaced_by")
_LATEST_FIRST = F("valid_from").desc(nulls_last=True)


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def agency_get_by_identifier_code(*, code: str) -> Agency | None:
    if not code:
        return None
    return Agency.objects.select_related(*_LIST_RELATIONS).filter(identifier_code=code).first()


def agency_get_by_internal_code(*, code: str) -> Agency | None:
    if not code:
        return None
    return Agency.objects.select_related(*_LIST_RELATIONS).filter(internal_code=code).first()


def agency_get_by_public_id(*, public_id: uuid.UUID) -> Agency | None:
    return Agency.objects.select_related(*_LIST_RELATIONS).filter(public_id=public_id).first()


def agency_get_by_reference(*, reference: str) -> Agency | None:
    """An agency named by its identifier code (`000.00.01.H20`) or its public UUID."""
    reference = reference.strip()
    if IDENTIFIER_PATTERN.match(reference):
        return agency_get_by_identifier_code(code=reference)
    try:
        public_id = uuid.UUID(reference)
    except ValueError:
        return None
    return agency_get_by_public_id(public_id=public_id)


def agency_children(*, agency: Agency, active_only: bool = False) -> QuerySet[Agency]:
    children = Agency.objects.filter(parent=agency).select_related(*_LIST_RELATIONS)
    return children.filter(valid_to__isnull=True) if active_only else children


def agency_subtree(agency: Agency, *, include_self: bool = True) -> QuerySet[Agency]:
    """The agency and everything below it, in tree order (parents before their children)."""
    subtree = Agency.objects.filter(path__startswith=agency.path).select_related(*_LIST_RELATIONS)
    return subtree if include_self else subtree.exclude(pk=agency.pk)


def agency_ancestors(agency: Agency, *, include_self: bool = False) -> QuerySet[Agency]:
    """From the root down to the agency's parent (or the agency itself), read from the path in one query."""
    ids = _path_ids(agency.path)
    if not include_self:
        ids = ids[:-1]
    return Agency.objects.filter(pk__in=ids).order_by("depth")


def agency_active_on(*, on: dt.date | None = None) -> Q:
    """A filter for agencies operating on a date (today in Vietnam by default)."""
    day = on or timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def agency_list(
    *,
    q: str = "",
    level: str = "",
    kind: str = "",
    parent: Agency | None = None,
    active: bool | None = None,
) -> QuerySet[Agency]:
    """The directory, searchable: each word of `q` must occur in the name, short name or codes."""
    agencies = Agency.objects.select_related(*_LIST_RELATIONS)
    for word in fold_diacritics(q).split():
        agencies = agencies.filter(search_text__contains=word)
    if level:
        agencies = agencies.filter(level=level)
    if kind:
        agencies = agencies.filter(kind=kind)
    if parent is not None:
        agencies = agencies.filter(parent=parent)
    if active is True:
        agencies = agencies.filter(agency_active_on())
    elif active is False:
        agencies = agencies.exclude(agency_active_on())
    return agencies.order_by("path")


def administrative_unit_get(*, statistical_code: str, on: dt.date | None = None) -> AdministrativeUnit | None:
    """The version of the unit with this code that was valid on `on`; without a date, the current one.

    When no version covers the date, the latest version is returned so that old codes still resolve.
    """
    versions = AdministrativeUnit.objects.filter(statistical_code=statistical_code)
    if on is None:
        current = versions.filter(valid_to__isnull=True).order_by(_LATEST_FIRST).first()
    else:
        current = (
            versions.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .first()
        )
    return current or versions.order_by(_LATEST_FIRST).first()


def administrative_unit_list(
    *, q: str = "", kind: str = "", active: bool | None = None
) -> QuerySet[AdministrativeUnit]:
    units = AdministrativeUnit.objects.select_related("parent", "replaced_by")
    for word in fold_diacritics(q).split():
        units = units.filter(search_text__contains=word)
    if kind:
        units = units.filter(kind=kind)
    if active is True:
        units = units.filter(valid_to__isnull=True)
    elif active is False:
        units = units.filter(valid_to__isnull=False)
    return units.order_by("statistical_code", "valid_from")
