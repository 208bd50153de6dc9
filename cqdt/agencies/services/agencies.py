"""Writes to the agency tree; `path` ("/1/7/42/") and `depth` are kept here for one-query subtrees."""

import datetime as dt
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from cqdt.agencies.models import AdministrativeUnit, Agency, AgencyKind
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


class AgencyChanges(TypedDict, total=False):
    """The fields `agency_update` may change; the parent changes only through `agency_move`."""

    name: str
    short_name: str
    kind: str
    level: str
    identifier_code: str
    is_demo_code: bool
    internal_code: str
    administrative_unit: AdministrativeUnit | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    replaced_by: Agency | None
    address: str
    phone: str
    email: str
    website: str


AGENCY_FIELDS: tuple[str, ...] = tuple(AgencyChanges.__annotations__)
_PATH_MAX_LENGTH = 255
_NOT_VALIDATED_BY_MODEL = ["path", "depth", "search_text", "parent", "administrative_unit", "replaced_by"]


def agency_check_parent(*, agency: Agency | None, parent: Agency | None, valid_to: dt.date | None) -> None:
    """Refuse a cycle, and an active unit under an agency that has stopped operating."""
    if parent is None:
        return
    if (
        agency is not None
        and agency.pk is not None
        and (parent.pk == agency.pk or parent.path.startswith(agency.path))
    ):
        raise ValidationError(
            {"parent": "Không thể đặt cơ quan, đơn vị trực thuộc chính nó hoặc một đơn vị cấp dưới của nó."}
        )
    if parent.valid_to is not None and valid_to is None:
        raise ValidationError(
            {
                "parent": f"Cơ quan cấp trên “{parent.name}” đã ngừng hoạt động; "
                "không thể đặt đơn vị đang hoạt động trực thuộc cơ quan này."
            }
        )


def agency_search_text(agency: Agency) -> str:
    unit = agency.administrative_unit
    return search_text(
        agency.name,
        agency.short_name,
        agency.identifier_code,
        agency.internal_code,
        unit.statistical_code if unit is not None else "",
    )[:400]


def _validate_agency(agency: Agency) -> None:
    errors: dict[str, list[str]] = {}
    try:
        agency.full_clean(exclude=_NOT_VALIDATED_BY_MODEL, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    others = Agency.objects.exclude(pk=agency.pk) if agency.pk is not None else Agency.objects.all()
    if agency.identifier_code and others.filter(identifier_code=agency.identifier_code).exists():
        merge(
            errors,
            "identifier_code",
            f"Mã định danh “{agency.identifier_code}” đã được dùng cho cơ quan khác.",
        )
    if agency.internal_code and others.filter(internal_code=agency.internal_code).exists():
        merge(errors, "internal_code", f"Mã nội bộ “{agency.internal_code}” đã được dùng cho cơ quan khác.")
    check_validity(errors, agency.valid_from, agency.valid_to)
    if agency.replaced_by_id is not None:
        if agency.pk is not None and agency.replaced_by_id == agency.pk:
            merge(errors, "replaced_by", "Cơ quan không thể được thay thế bởi chính nó.")
        if agency.valid_to is None:
            merge(
                errors,
                "replaced_by",
                "Chỉ cơ quan đã ngừng hoạt động (có ngày ngừng hoạt động) mới có cơ quan thay thế.",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agency_create(
    *,
    actor: Actor,
    name: str,
    level: str,
    kind: str = AgencyKind.UNIT,
    parent: Agency | None = None,
    short_name: str = "",
    identifier_code: str = "",
    is_demo_code: bool = False,
    internal_code: str = "",
    administrative_unit: AdministrativeUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    replaced_by: Agency | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    reason: str = "",
) -> Agency:
    if parent is not None:
        parent = Agency.objects.select_for_update().get(pk=parent.pk)
    agency_check_parent(agency=None, parent=parent, valid_to=valid_to)
    agency = Agency(
        parent=parent,
        name=name.strip(),
        level=level,
        kind=kind,
        short_name=short_name.strip(),
        identifier_code=identifier_code.strip(),
        is_demo_code=is_demo_code,
        internal_code=internal_code.strip(),
        administrative_unit=administrative_unit,
        valid_from=valid_from,
        valid_to=valid_to,
        replaced_by=replaced_by,
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
        website=website.strip(),
    )
    _validate_agency(agency)
    agency.search_text = agency_search_text(agency)
    save_checked(agency)
    # The path holds the agency's own key, known only now that the row exists.
    agency.path = f"{parent.path if parent is not None else '/'}{agency.pk}/"
    agency.depth = parent.depth + 1 if parent is not None else 0
    if len(agency.path) > _PATH_MAX_LENGTH:
        raise ValidationError({"parent": "Cây cơ quan quá sâu: không thể thêm đơn vị ở cấp này."})
    agency.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor,
        action="agency.create",
        obj=agency,
        agency_code=agency.identifier_code,
        after=snapshot(agency, ("parent", *AGENCY_FIELDS)),
        reason=reason,
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Actor, agency: Agency, changes: AgencyChanges, reason: str = "") -> Agency:
    """Change the given fields; returns the agency unchanged (no audit row) when nothing differs."""
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"agency_update cannot change: {', '.join(sorted(unknown))}")
    locked = (
        Agency.objects.select_for_update(of=("self",)).select_related("administrative_unit").get(pk=agency.pk)
    )
    values = {name: strip(value) for name, value in changes.items()}
    changed = [name for name, value in values.items() if differs(locked, name, value)]
    if not changed:
        return locked
    before = snapshot(locked, changed)
    for name in changed:
        setattr(locked, name, values[name])
    _validate_agency(locked)
    locked.search_text = agency_search_text(locked)
    save_checked(locked, update_fields=[*changed, "search_text", "updated_at"])
    audit_record(
        actor=actor,
        action="agency.update",
        obj=locked,
        agency_code=locked.identifier_code,
        before=before,
        after=snapshot(locked, changed),
        reason=reason,
    )
    return locked


@transaction.atomic
def agency_move(*, actor: Actor, agency: Agency, parent: Agency | None, reason: str = "") -> Agency:
    """Re-parent an agency; the paths and depths of its whole subtree are rewritten in one UPDATE."""
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    new_parent = Agency.objects.select_for_update().get(pk=parent.pk) if parent is not None else None
    if (new_parent.pk if new_parent is not None else None) == locked.parent_id:
        return locked
    agency_check_parent(agency=locked, parent=new_parent, valid_to=locked.valid_to)
    old_path, old_depth, old_parent_id = locked.path, locked.depth, locked.parent_id
    new_path = f"{new_parent.path if new_parent is not None else '/'}{locked.pk}/"
    new_depth = new_parent.depth + 1 if new_parent is not None else 0
    subtree = Agency.objects.filter(path__startswith=old_path)
    list(subtree.select_for_update().values_list("pk", flat=True))
    longest = subtree.aggregate(longest=Max(Length("path")))["longest"] or len(old_path)
    if longest - len(old_path) + len(new_path) > _PATH_MAX_LENGTH:
        raise ValidationError({"parent": "Cây cơ quan quá sâu: không thể chuyển đơn vị tới vị trí này."})
    subtree.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=models.CharField()),
        depth=F("depth") + (new_depth - old_depth),
        updated_at=timezone.now(),
    )
    Agency.objects.filter(pk=locked.pk).update(parent=new_parent)
    locked.refresh_from_db()
    audit_record(
        actor=actor,
        action="agency.move",
        obj=locked,
        agency_code=locked.identifier_code,
        before={"parent": old_parent_id, "path": old_path},
        after={"parent": locked.parent_id, "path": locked.path},
        reason=reason,
    )
    return locked


@transaction.atomic
def agency_close(
    *, actor: Actor, agency: Agency, valid_to: dt.date, replaced_by: Agency | None = None, reason: str = ""
) -> Agency:
    """Stop an agency (last day of operation `valid_to`) and every unit still active under it."""
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    if locked.valid_to is not None:
        raise ValidationError(
            {
                "valid_to": "Cơ quan, đơn vị này đã ngừng hoạt động "
                f"(hoạt động đến ngày {locked.valid_to:%d/%m/%Y})."
            }
        )
    errors: dict[str, list[str]] = {}
    check_validity(errors, locked.valid_from, valid_to)
    if replaced_by is not None:
        if replaced_by.pk == locked.pk or replaced_by.path.startswith(locked.path):
            merge(
                errors,
                "replaced_by",
                "Cơ quan thay thế không thể là chính cơ quan này hoặc đơn vị trực thuộc nó.",
            )
        elif replaced_by.valid_to is not None:
            merge(errors, "replaced_by", f"Cơ quan thay thế “{replaced_by.name}” đã ngừng hoạt động.")
    descendants = list(
        Agency.objects.select_for_update()
        .filter(path__startswith=locked.path, valid_to__isnull=True)
        .exclude(pk=locked.pk)
    )
    late = [unit.name for unit in descendants if unit.valid_from is not None and unit.valid_from > valid_to]
    if late:
        merge(errors, "valid_to", f"Đơn vị trực thuộc bắt đầu hoạt động sau ngày này: {', '.join(late)}.")
    if errors:
        raise ValidationError(errors)
    for unit, unit_replaced_by, unit_reason in [
        (locked, replaced_by, reason),
        *(
            (child, None, f"Cơ quan cấp trên “{locked.name}” ngừng hoạt động. {reason}".strip())
            for child in descendants
        ),
    ]:
        unit.valid_to = valid_to
        unit.replaced_by = unit_replaced_by
        unit.save(update_fields=["valid_to", "replaced_by", "updated_at"])
        audit_record(
            actor=actor,
            action="agency.close",
            obj=unit,
            agency_code=unit.identifier_code,
            before={"valid_to": None, "replaced_by": None},
            after=snapshot(unit, ("valid_to", "replaced_by")),
            reason=unit_reason,
        )
    return locked
