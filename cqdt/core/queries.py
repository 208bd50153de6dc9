"""Small helpers for reading with the ORM."""

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def unique_or_none(queryset: "QuerySet[M]") -> M | None:
    """The one row a lookup by a unique key finds, or None.

    For such lookups `.first()` adds an ORDER BY on the primary key, which Django compiles and PostgreSQL
    sorts for nothing: on the dossier page's 10-table read it cost ~1 ms of CPU per call (bench/inprocess.py).
    """
    try:
        return queryset.get()
    except ObjectDoesNotExist:
        return None
