"""Reads of the citizen portal: the public catalogue, routing of online submissions, statistics, tracking,
the applicant's own dossiers and drafts."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cqdt.agencies.models import AdministrativeUnit, Agency, AgencyKind, GovernmentLevel
from cqdt.catalog.models import Procedure, ProcedureCase, ProcedureField, RequiredComponent
from cqdt.catalog.selectors import procedure_get_public, procedure_list_public
from cqdt.dossiers.models import Dossier, DossierFile, DossierHistory
from cqdt.dossiers.selectors import tracking_events
from cqdt.dossiers.statistics import StatisticsTable, dossier_statistics
from cqdt.portal.access import own_dossiers
from cqdt.portal.models import Draft, Rating
from cqdt.portal.timeline import TimelineEntry, timeline_entries

# --- catalogue -----------------------------------------------------------------------------------


def catalogue(
    *, q: str = "", field: str = "", level: str = "", agency: Agency | None = None, online: str = ""
) -> QuerySet[Procedure]:
    procedures = procedure_list_public(q=q, field=field, level=level, online_service=online)
    if agency is not None:
        procedures = procedures.filter(agency_links__agency=agency)
    return procedures.distinct()


def catalogue_fields() -> list[ProcedureField]:
    """Fields with their number of active procedures, for the home page and the filter."""
    return list(
        ProcedureField.objects.annotate(count=Count("procedures", filter=Q(procedures__is_active=True)))
        .filter(count__gt=0)
        .order_by("name")
    )


def catalogue_agencies() -> list[Agency]:
    """Agencies that carry out at least one active procedure, in tree order."""
    return list(
        Agency.objects.filter(procedure_links__procedure__is_active=True, valid_to__isnull=True)
        .distinct()
        .order_by("path")
    )


def catalogue_levels() -> list[tuple[str, str]]:
    return [(value, label) for value, label in GovernmentLevel.choices if value != GovernmentLevel.DISTRICT]


def agency_by_public_id(public_id: Any) -> Agency | None:
    try:
        return Agency.objects.filter(public_id=public_id).first()
    except (ValueError, TypeError):
        return None


def procedure_page(*, code: str) -> Procedure | None:
    return procedure_get_public(code=code)


def blank_form_component(*, code: str, component_id: Any) -> RequiredComponent | None:
    return (
        RequiredComponent.objects.filter(
            public_id=component_id, case__procedure__code=code, case__procedure__is_active=True
        )
        .exclude(blank_form="")
        .first()
    )


def case_for_submission(*, procedure_code: str, case_code: str) -> ProcedureCase | None:
    return (
        ProcedureCase.objects.filter(
            procedure__code=procedure_code, code=case_code, is_active=True, procedure__is_active=True
        )
        .select_related("procedure")
        .first()
    )


# --- routing of online submissions ---------------------------------------------------------------


def case_agencies(case: ProcedureCase) -> list[Agency]:
    """The agencies an applicant may choose as the one that decides (active ones, in tree order)."""
    return list(case.procedure.agencies.filter(valid_to__isnull=True).order_by("path"))


def default_handling_agency(*, case: ProcedureCase, address_unit: AdministrativeUnit | None) -> Agency | None:
    agencies = case_agencies(case)
    if len(agencies) == 1:
        return agencies[0]
    if address_unit is not None:
        local = [agency for agency in agencies if agency.administrative_unit_id == address_unit.pk]
        if len(local) == 1:
            return local[0]
    return None


def receiving_unit_for(agency: Agency) -> Agency:
    """Where an online dossier for `agency` waits to be accepted (Decree 118/2025: the service centres).

    The public administration service centre inside the agency (a commune's centre), else the nearest
    centre of an ancestor (the province's centre for a department), else the agency's own desk.
    """
    active = Agency.objects.filter(kind=AgencyKind.SERVICE_CENTRE, valid_to__isnull=True)
    inside = active.filter(path__startswith=agency.path).order_by("depth", "path").first()
    if inside is not None:
        return inside
    ancestor_ids = [int(part) for part in agency.path.strip("/").split("/") if part][:-1]
    ancestors = {a.pk: a for a in Agency.objects.filter(pk__in=ancestor_ids)}
    for ancestor_id in reversed(ancestor_ids):
        ancestor = ancestors.get(ancestor_id)
        if ancestor is None:
            continue
        centre = (
            active.filter(path__startswith=ancestor.path, level=agency.level)
            .order_by("depth", "path")
            .first()
        )
        if centre is not None:
            return centre
    return agency


def address_units() -> list[AdministrativeUnit]:
    """Current administrative units below the province, for the address picker."""
    return list(
        AdministrativeUnit.objects.filter(valid_to__isnull=True, parent__isnull=False)
        .select_related("parent")
        .order_by("name")
    )


# --- statistics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatistics:
    province: Agency
    table: StatisticsTable


def public_statistics(*, period_start: date, period_end: date) -> list[PublicStatistics]:
    """The province-wide table (one row per direct child agency) for each province-level root."""
    roots = Agency.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("path")
    return [
        PublicStatistics(
            root, dossier_statistics(agency=root, period_start=period_start, period_end=period_end)
        )
        for root in roots
    ]


# --- tracking and the applicant's dossiers -------------------------------------------------------


def timeline(dossier: Dossier) -> list[TimelineEntry]:
    history = DossierHistory.objects.filter(dossier=dossier).select_related("to_unit").order_by("at", "id")
    return timeline_entries(tracking_events(history))


def my_dossiers(user: Any) -> QuerySet[Dossier]:
    return own_dossiers(user).select_related("procedure", "handling_agency").order_by("-submitted_at", "-id")


def my_drafts(user: Any) -> QuerySet[Draft]:
    return Draft.objects.filter(user=user).select_related("case__procedure").order_by("-updated_at")


def my_dossier_page(*, user: Any, code: str) -> Dossier | None:
    return (
        own_dossiers(user)
        .filter(code=code)
        .select_related("procedure", "case", "handling_agency", "receiving_unit")
        .prefetch_related(
            Prefetch(
                "files", queryset=DossierFile.objects.select_related("component").order_by("created_at")
            ),
            "components",
            "pauses",
        )
        .first()
    )


def rating_of(dossier: Dossier) -> Rating | None:
    return Rating.objects.filter(dossier=dossier).first()


def now_local() -> datetime:
    return timezone.localtime()
