"""Writes to administrative units: versions of a province, commune or (historical) district."""

import datetime as dt
import re
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.agencies.services.agencies import agency_search_text
from cqdt.agencies.services.common import (
    Actor,
    check_validity,
    differs,
    merge,
    save_checked,
    snapshot,
    strip,
)
from cqdt.core.audit import audit_record
from cqdt.core.text import search_text


class AdministrativeUnitChanges(TypedDict, total=False):
    statistical_code: str
    name: str
    kind: str
    parent: AdministrativeUnit | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    replaced_by: AdministrativeUnit | None
    is_demo_code: bool


ADMINISTRATIVE_UNIT_FIELDS: tuple[str, ...] = tuple(AdministrativeUnitChanges.__annotations__)
_STATISTICAL_CODE = re.compile(r"^\d{2,10}$")


def _validate_administrative_unit(unit: AdministrativeUnit) -> None:
    errors: dict[str, list[str]] = {}
    try:
        unit.full_clean(
            exclude=["search_text", "parent", "replaced_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    if unit.statistical_code and not _STATISTICAL_CODE.match(unit.statistical_code):
        merge(errors, "statistical_code", f"Mã thống kê “{unit.statistical_code}” phải gồm 2–10 chữ số.")
    check_validity(errors, unit.valid_from, unit.valid_to)
    overlapping = AdministrativeUnit.objects.filter(statistical_code=unit.statistical_code)
    if unit.pk is not None:
        overlapping = overlapping.exclude(pk=unit.pk)
    if unit.valid_to is not None:
        overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=unit.valid_to))
    if unit.valid_from is not None:
        overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=unit.valid_from))
    if unit.statistical_code and overlapping.exists():
        merge(
            errors,
            "statistical_code",
            f"Mã thống kê “{unit.statistical_code}” đã được dùng cho đơn vị hành chính khác "
            "trong thời gian hiệu lực trùng lặp.",
        )
    ancestor = unit.parent
    while ancestor is not None:
        if unit.pk is not None and ancestor.pk == unit.pk:
            merge(
                errors,
                "parent",
                "Đơn vị hành chính không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó.",
            )
            break
        ancestor = ancestor.parent
    if unit.replaced_by_id is not None and unit.pk is not None and unit.replaced_by_id == unit.pk:
        merge(errors, "replaced_by", "Đơn vị hành chính không thể được thay thế bởi chính nó.")
    if errors:
        raise ValidationError(errors)


def _unit_search_text(unit: AdministrativeUnit) -> str:
    return search_text(unit.name, unit.statistical_code)[:300]


@transaction.atomic
def administrative_unit_create(
    *,
    actor: Actor,
    statistical_code: str,
    name: str,
    kind: str,
    parent: AdministrativeUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    replaced_by: AdministrativeUnit | None = None,
    is_demo_code: bool = False,
    reason: str = "",
) -> AdministrativeUnit:
    unit = AdministrativeUnit(
        statistical_code=statistical_code.strip(),
        name=name.strip(),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        replaced_by=replaced_by,
        is_demo_code=is_demo_code,
    )
    _validate_administrative_unit(unit)
    unit.search_text = _unit_search_text(unit)
    save_checked(unit)
    audit_record(
        actor=actor,
        action="administrative_unit.create",
        obj=unit,
        after=snapshot(unit, ADMINISTRATIVE_UNIT_FIELDS),
        reason=reason,
    )
    return unit


@transaction.atomic
def administrative_unit_update(
    *, actor: Actor, unit: AdministrativeUnit, changes: AdministrativeUnitChanges, reason: str = ""
) -> AdministrativeUnit:
    unknown = set(changes) - set(ADMINISTRATIVE_UNIT_FIELDS)
    if unknown:
        raise TypeError(f"administrative_unit_update cannot change: {', '.join(sorted(unknown))}")
    locked = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    values = {name: strip(value) for name, value in changes.items()}
    changed = [name for name, value in values.items() if differs(locked, name, value)]
    if not changed:
        return locked
    before = snapshot(locked, changed)
    for name in changed:
        setattr(locked, name, values[name])
    _validate_administrative_unit(locked)
    locked.search_text = _unit_search_text(locked)
    save_checked(locked, update_fields=[*changed, "search_text", "updated_at"])
    if "statistical_code" in changed:
        # Agencies are found by their unit's statistical code too.
        for agency in Agency.objects.select_for_update().filter(administrative_unit=locked):
            agency.administrative_unit = locked
            agency.search_text = agency_search_text(agency)
            agency.save(update_fields=["search_text", "updated_at"])
    audit_record(
        actor=actor,
        action="administrative_unit.update",
        obj=locked,
        before=before,
        after=snapshot(locked, changed),
        reason=reason,
    )
    return locked


@transaction.atomic
def administrative_unit_close(
    *,
    actor: Actor,
    unit: AdministrativeUnit,
    valid_to: dt.date,
    replaced_by: AdministrativeUnit | None = None,
    reason: str = "",
) -> AdministrativeUnit:
    """End an administrative unit's validity (e.g. 30/06/2025 for the districts) and record its successor."""
    locked = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    if locked.valid_to is not None:
        raise ValidationError(
            {
                "valid_to": "Đơn vị hành chính này đã hết hiệu lực "
                f"(hiệu lực đến ngày {locked.valid_to:%d/%m/%Y})."
            }
        )
    errors: dict[str, list[str]] = {}
    check_validity(errors, locked.valid_from, valid_to)
    if replaced_by is not None and replaced_by.pk == locked.pk:
        merge(errors, "replaced_by", "Đơn vị hành chính không thể được thay thế bởi chính nó.")
    if errors:
        raise ValidationError(errors)
    locked.valid_to = valid_to
    locked.replaced_by = replaced_by
    locked.save(update_fields=["valid_to", "replaced_by", "updated_at"])
    audit_record(
        actor=actor,
        action="administrative_unit.close",
        obj=locked,
        before={"valid_to": None, "replaced_by": None},
        after=snapshot(locked, ("valid_to", "replaced_by")),
        reason=reason,
    )
    return locked
