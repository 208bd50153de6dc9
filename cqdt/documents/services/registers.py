"""Registers (sổ đăng ký văn bản): the clerk's books, with the default ones created on first use."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cqdt.agencies.models import Agency
from cqdt.core.audit import audit_record
from cqdt.documents import access
from cqdt.documents.models import DocumentType, Register
from cqdt.documents.numbering import check_abbreviation, default_abbreviation
from cqdt.documents.status import RegisterDirection

DEFAULT_NAMES = {
    RegisterDirection.INCOMING: "Sổ đăng ký văn bản đến",
    RegisterDirection.OUTGOING: "Sổ đăng ký văn bản đi",
}


def _snapshot(register: Register, types: Iterable[DocumentType]) -> dict[str, Any]:
    return {
        "agency": register.agency_id,
        "direction": register.direction,
        "name": register.name,
        "issuer_abbreviation": register.issuer_abbreviation,
        "document_types": sorted(t.code for t in types),
        "is_active": register.is_active,
    }


@transaction.atomic
def register_create(
    *,
    actor: Any,
    agency: Agency,
    direction: str,
    name: str,
    issuer_abbreviation: str = "",
    document_types: Iterable[DocumentType] = (),
) -> Register:
    """A register of `agency`, kept by its clerks (or created by the system when `actor` is None)."""
    if actor is not None and not access.may_keep_registers(actor, agency):
        raise PermissionDenied("Chỉ văn thư hoặc quản trị của cơ quan được lập sổ đăng ký văn bản.")
    if direction not in RegisterDirection.values:
        raise ValidationError({"direction": "Loại sổ không hợp lệ."})
    types = list(document_types)
    name = name.strip()
    issuer_abbreviation = issuer_abbreviation.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Cần nhập tên sổ."]
    if direction == RegisterDirection.OUTGOING and not issuer_abbreviation:
        errors["issuer_abbreviation"] = ["Sổ văn bản đi cần chữ viết tắt tên cơ quan ban hành."]
    if direction == RegisterDirection.INCOMING and types:
        errors["document_types"] = ["Sổ văn bản đến không giới hạn loại văn bản."]
    if errors:
        raise ValidationError(errors)
    check_abbreviation(issuer_abbreviation, field="issuer_abbreviation")
    register = Register(
        agency=agency, direction=direction, name=name, issuer_abbreviation=issuer_abbreviation
    )
    try:
        with transaction.atomic():
            register.save()
    except IntegrityError as error:
        raise ValidationError(
            "Cơ quan đã có sổ cùng tên, hoặc đã có sổ đăng ký văn bản đến đang sử dụng."
        ) from error
    register.document_types.set(types)
    audit_record(
        actor=actor,
        action="register.create",
        obj=register,
        agency_code=agency.identifier_code,
        after=_snapshot(register, types),
    )
    return register


@transaction.atomic
def register_update(
    *,
    actor: Any,
    register: Register,
    name: str,
    issuer_abbreviation: str,
    document_types: Iterable[DocumentType],
    is_active: bool,
) -> Register:
    """Rename a register, change its abbreviation or types, or stop using it. Numbers already given stay."""
    register = Register.objects.select_for_update().select_related("agency").get(pk=register.pk)
    if not access.may_keep_registers(actor, register.agency):
        raise PermissionDenied("Chỉ văn thư hoặc quản trị của cơ quan được sửa sổ đăng ký văn bản.")
    types = list(document_types)
    before = _snapshot(register, register.document_types.all())
    register.name = name.strip()
    register.issuer_abbreviation = issuer_abbreviation.strip()
    register.is_active = is_active
    errors: dict[str, list[str]] = {}
    if not register.name:
        errors["name"] = ["Cần nhập tên sổ."]
    if register.direction == RegisterDirection.OUTGOING and not register.issuer_abbreviation:
        errors["issuer_abbreviation"] = ["Sổ văn bản đi cần chữ viết tắt tên cơ quan ban hành."]
    if register.direction == RegisterDirection.INCOMING and types:
        errors["document_types"] = ["Sổ văn bản đến không giới hạn loại văn bản."]
    if errors:
        raise ValidationError(errors)
    check_abbreviation(register.issuer_abbreviation, field="issuer_abbreviation")
    try:
        with transaction.atomic():
            register.save(update_fields=["name", "issuer_abbreviation", "is_active", "updated_at"])
    except IntegrityError as error:
        raise ValidationError(
            "Cơ quan đã có sổ cùng tên, hoặc đã có sổ đăng ký văn bản đến đang sử dụng."
        ) from error
    register.document_types.set(types)
    after = _snapshot(register, types)
    if after != before:
        audit_record(
            actor=actor,
            action="register.update",
            obj=register,
            agency_code=register.agency.identifier_code,
            before=before,
            after=after,
        )
    return register


def register_default(*, agency: Agency, direction: str) -> Register:
    """The agency's active incoming register, or its outgoing register for all types; created if missing.

    Call inside a transaction. Two first uses at the same moment both try to create it; the loser of the
    unique constraint reads the winner's row.
    """
    found = (
        Register.objects.filter(
            agency=agency, direction=direction, is_active=True, document_types__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    abbreviation = default_abbreviation(agency) if direction == RegisterDirection.OUTGOING else ""
    try:
        with transaction.atomic():
            return register_create(
                actor=None,
                agency=agency,
                direction=direction,
                name=str(DEFAULT_NAMES[RegisterDirection(direction)]),
                issuer_abbreviation=abbreviation,
            )
    except ValidationError:
        return Register.objects.get(
            agency=agency, direction=direction, name=DEFAULT_NAMES[RegisterDirection(direction)]
        )


def register_for_outgoing(*, agency: Agency, document_type: DocumentType) -> Register:
    """The active outgoing register that numbers this type (a register listing it wins over a general one)."""
    specific = (
        Register.objects.filter(
            agency=agency, direction=RegisterDirection.OUTGOING, is_active=True, document_types=document_type
        )
        .order_by("pk")
        .first()
    )
    return specific or register_default(agency=agency, direction=RegisterDirection.OUTGOING)


def check_outgoing_register(register: Register, *, agency: Agency, document_type: DocumentType) -> None:
    if register.agency_id != agency.pk or register.direction != RegisterDirection.OUTGOING:
        raise ValidationError({"register": "Sổ được chọn không phải sổ văn bản đi của cơ quan ban hành."})
    if not register.is_active:
        raise ValidationError({"register": f"Sổ “{register.name}” đã ngừng sử dụng."})
    types = set(register.document_types.values_list("pk", flat=True))
    if types and document_type.pk not in types:
        raise ValidationError(
            {"register": f"Sổ “{register.name}” không cấp số cho {document_type.name.lower()}."}
        )
