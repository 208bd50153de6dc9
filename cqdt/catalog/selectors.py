"""Reads of the procedure catalogue: public search and detail, and the exporter to the exchange format."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet

from cqdt.catalog.models import Procedure, ProcedureAgency, ProcedureCase, ProcedureField, RequiredComponent
from cqdt.catalog.serialization import document
from cqdt.core.text import fold_diacritics


def procedure_export_queryset() -> QuerySet[Procedure]:
    """Procedures with everything the exporter reads, in a fixed number of queries."""
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            "levels",
            Prefetch("agency_links", queryset=ProcedureAgency.objects.select_related("agency")),
            "fees",
            Prefetch("cases", queryset=ProcedureCase.objects.prefetch_related("components", "steps")),
        )
        .order_by("code")
    )


def catalog_export(*, codes: Sequence[str] | None = None) -> dict[str, Any]:
    """The catalogue (or the procedures with `codes`) as an exchange document; every field is included."""
    procedures = procedure_export_queryset()
    if codes is not None:
        procedures = procedures.filter(code__in=codes)
    return document(list(ProcedureField.objects.order_by("code")), list(procedures))


def blank_form_components(*, codes: Sequence[str] | None = None) -> QuerySet[RequiredComponent]:
    """Components with a blank form file, for copying the files next to an exported document."""
    components = RequiredComponent.objects.exclude(blank_form="").select_related("case__procedure")
    if codes is not None:
        components = components.filter(case__procedure__code__in=codes)
    return components.order_by("blank_form")


def procedure_search(procedures: QuerySet[Procedure], q: str) -> QuerySet[Procedure]:
    """Every word of `q` must appear in the code, name or field, accents and case ignored.

    Both sides are folded to lowercase without accents, so a plain LIKE (`contains`) is enough, and it is
    what the trigram index on PostgreSQL serves.
    """
    for word in fold_diacritics(q).split():
        procedures = procedures.filter(search_text__contains=word)
    return procedures


def procedure_list_public(
    *, q: str = "", field: str = "", level: str = "", online_service: str = ""
) -> QuerySet[Procedure]:
    """Active procedures for the public catalogue, filtered; levels prefetched."""
    procedures = Procedure.objects.filter(is_active=True).select_related("field").prefetch_related("levels")
    procedures = procedure_search(procedures, q)
    if field:
        procedures = procedures.filter(field__code=field)
    if level:
        procedures = procedures.filter(levels__level=level)
    if online_service:
        procedures = procedures.filter(online_service=online_service)
    return procedures.order_by("code")


def procedure_get_public(*, code: str) -> Procedure | None:
    """An active procedure with its active cases, components, steps, fees and agencies (seven queries)."""
    return (
        Procedure.objects.filter(is_active=True, code=code)
        .select_related("field")
        .prefetch_related(
            "levels",
            "fees",
            Prefetch(
                "agency_links",
                queryset=ProcedureAgency.objects.select_related("agency").order_by("agency__path"),
            ),
            Prefetch(
                "cases",
                queryset=ProcedureCase.objects.filter(is_active=True).prefetch_related("components", "steps"),
            ),
        )
        .first()
    )


def field_list() -> QuerySet[ProcedureField]:
    return ProcedureField.objects.order_by("name")
