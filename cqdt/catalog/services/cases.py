"""Writes of cases (trường hợp), their internal processes and required components.

A case and its process are validated together: the step times must add up to the case's time limit.
"""

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from cqdt.accounts.models import StaffRole
from cqdt.catalog.forms import FormError, form_data_errors, form_schema_problems
from cqdt.catalog.models import Procedure, ProcedureCase, ProcessStep, RequiredComponent
from cqdt.catalog.serialization import case_to_dict, component_to_dict
from cqdt.catalog.services.data import (
    Actor,
    BlankForm,
    CaseData,
    ComponentData,
    Problems,
    StepData,
    raise_problems,
    text_problems,
)
from cqdt.catalog.validation import (
    local_code_problems,
    process_problems,
    step_hours_problems,
    time_limit_problems,
)
from cqdt.core.audit import audit_record

MAX_BLANK_FORM_BYTES = 10 * 1024 * 1024
_UNSAFE_FILENAME_CHARS = set('/\\:*?"<>|\x00')


# --- cases and their processes --------------------------------------------------------------------


def case_problems(procedure: Procedure, data: CaseData, *, exclude_pk: int | None = None) -> Problems:
    problems: Problems = {
        "code": local_code_problems(data.code, what="trường hợp"),
        "name": text_problems(data.name, label="Tên trường hợp", max_length=500),
        "time_limit_amount": time_limit_problems(data.time_limit_amount, data.time_limit_unit),
        "form_schema": form_schema_problems(data.form_schema),
    }
    if (
        not problems["code"]
        and procedure.pk is not None
        and ProcedureCase.objects.filter(procedure=procedure, code=data.code)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        problems["code"].append(f"Thủ tục đã có trường hợp mang mã «{data.code}».")
    return problems


def steps_problems(data: CaseData, steps: Sequence[StepData]) -> list[str]:
    problems = []
    for index, step in enumerate(steps, 1):
        messages = text_problems(step.name, label="nội dung công việc", max_length=500)
        if step.role not in StaffRole.values:
            messages.append(f"vai trò «{step.role}» không hợp lệ.")
        if len(step.unit) > 255:
            messages.append("tên bộ phận không được dài quá 255 ký tự.")
        messages += step_hours_problems(step.hours)
        problems += [f"Bước {index}: {message}" for message in messages]
    if problems or time_limit_problems(data.time_limit_amount, data.time_limit_unit):
        return problems
    return process_problems(
        amount=data.time_limit_amount,
        unit=data.time_limit_unit,
        is_active=data.is_active,
        hours=[step.hours for step in steps],
    )


def _step_data(step: ProcessStep) -> StepData:
    return StepData(name=step.name, role=step.role, hours=step.hours, unit=step.unit)


def _replace_steps(case: ProcedureCase, steps: Sequence[StepData]) -> None:
    existing = list(ProcessStep.objects.select_for_update().filter(case=case).order_by("position"))
    for position, data in enumerate(steps, 1):
        row = (
            existing[position - 1] if position <= len(existing) else ProcessStep(case=case, position=position)
        )
        if row.pk is None or _step_data(row) != data:
            row.name, row.role, row.hours, row.unit = data.name, data.role, data.hours, data.unit
            row.save()
    ProcessStep.objects.filter(case=case, position__gt=len(steps)).delete()


def _apply_case(case: ProcedureCase, data: CaseData) -> None:
    case.code, case.name, case.position = data.code, data.name, data.position
    case.time_limit_amount, case.time_limit_unit = data.time_limit_amount, data.time_limit_unit
    case.form_schema, case.is_active = data.form_schema, data.is_active


def _case_snapshot(case: ProcedureCase) -> dict[str, Any]:
    snapshot = case_to_dict(case)
    snapshot.pop("components")
    return snapshot


@transaction.atomic
def case_create(
    *, actor: Actor, procedure: Procedure, data: CaseData, steps: Sequence[StepData]
) -> ProcedureCase:
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    problems = case_problems(locked, data)
    problems["steps"] = steps_problems(data, steps)
    raise_problems(problems)
    case = ProcedureCase(procedure=locked)
    _apply_case(case, data)
    case.save()
    _replace_steps(case, steps)
    audit_record(actor=actor, action="catalog.case_create", obj=case, after=_case_snapshot(case))
    return case


@transaction.atomic
def case_update(
    *, actor: Actor, case: ProcedureCase, data: CaseData, steps: Sequence[StepData] | None = None
) -> ProcedureCase:
    """Change a case; with `steps`, replace its process in the same change (needed when the limit changes)."""
    locked = ProcedureCase.objects.select_for_update().select_related("procedure").get(pk=case.pk)
    current_steps = [_step_data(step) for step in locked.steps.all()]
    problems = case_problems(locked.procedure, data, exclude_pk=locked.pk)
    problems["steps"] = steps_problems(data, current_steps if steps is None else steps)
    raise_problems(problems)
    before = _case_snapshot(locked)
    _apply_case(locked, data)
    locked.save(
        update_fields=[
            "code", "name", "position", "time_limit_amount", "time_limit_unit", "form_schema", "is_active",
            "updated_at",
        ]
    )  # fmt: skip
    if steps is not None:
        _replace_steps(locked, steps)
    after = _case_snapshot(locked)
    if after != before:
        audit_record(actor=actor, action="catalog.case_update", obj=locked, before=before, after=after)
    return locked


@transaction.atomic
def case_set_steps(*, actor: Actor, case: ProcedureCase, steps: Sequence[StepData]) -> list[ProcessStep]:
    locked = ProcedureCase.objects.select_for_update().get(pk=case.pk)
    data = CaseData(
        code=locked.code,
        name=locked.name,
        time_limit_amount=locked.time_limit_amount,
        time_limit_unit=locked.time_limit_unit,
        is_active=locked.is_active,
    )
    raise_problems({"steps": steps_problems(data, steps)})
    before = _case_snapshot(locked)
    _replace_steps(locked, steps)
    after = _case_snapshot(locked)
    if after != before:
        audit_record(actor=actor, action="catalog.case_set_steps", obj=locked, before=before, after=after)
    return list(locked.steps.all())


def case_validate_form_data(case: ProcedureCase, data: Any) -> list[FormError]:
    """Vietnamese problems of e-form data submitted for `case`; empty when valid or there is no e-form."""
    return form_data_errors(case.form_schema, data)


# --- required components --------------------------------------------------------------------------


def blank_form_problems(blank_form: BlankForm) -> list[str]:
    name = blank_form.filename
    if not name or name.startswith(".") or len(name) > 150 or set(name) & _UNSAFE_FILENAME_CHARS:
        return [
            f"Tên tệp mẫu «{name}» không hợp lệ (không chứa thư mục hay ký tự đặc biệt, tối đa 150 ký tự)."
        ]
    if len(blank_form.content) > MAX_BLANK_FORM_BYTES:
        return ["Tệp mẫu không được lớn hơn 10 MB."]
    return []


def component_problems(
    case: ProcedureCase, data: ComponentData, *, exclude_pk: int | None = None
) -> Problems:
    problems: Problems = {
        "code": local_code_problems(data.code, what="thành phần hồ sơ"),
        "name": text_problems(data.name, label="Tên thành phần hồ sơ", max_length=1000),
        "originals": [] if 0 <= data.originals <= 100 else ["Số bản chính phải từ 0 đến 100."],
        "copies": [] if 0 <= data.copies <= 100 else ["Số bản sao phải từ 0 đến 100."],
    }
    if (
        not problems["code"]
        and case.pk is not None
        and RequiredComponent.objects.filter(case=case, code=data.code).exclude(pk=exclude_pk or 0).exists()
    ):
        problems["code"].append(f"Trường hợp đã có thành phần hồ sơ mang mã «{data.code}».")
    return problems


def _store_blank_form(component: RequiredComponent, blank_form: BlankForm) -> None:
    # Content-addressed: the same form shared by several cases is stored once, and a name never collides.
    digest = hashlib.sha256(blank_form.content).hexdigest()
    name = f"catalog/forms/{digest}/{blank_form.filename}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(blank_form.content))
    component.blank_form.name = name
    component.blank_form_sha256 = digest


def _component_snapshot(component: RequiredComponent) -> dict[str, Any]:
    return {**component_to_dict(component), "position": component.position}


def _apply_component(component: RequiredComponent, data: ComponentData) -> None:
    component.code, component.name, component.position = data.code, data.name, data.position
    component.originals, component.copies, component.is_mandatory = (
        data.originals,
        data.copies,
        data.is_mandatory,
    )


@transaction.atomic
def component_create(
    *, actor: Actor, case: ProcedureCase, data: ComponentData, blank_form: BlankForm | None = None
) -> RequiredComponent:
    locked = ProcedureCase.objects.select_for_update().get(pk=case.pk)
    problems = component_problems(locked, data)
    problems["blank_form"] = blank_form_problems(blank_form) if blank_form else []
    raise_problems(problems)
    component = RequiredComponent(case=locked)
    _apply_component(component, data)
    if blank_form is not None:
        _store_blank_form(component, blank_form)
    component.save()
    audit_record(
        actor=actor, action="catalog.component_create", obj=component, after=_component_snapshot(component)
    )
    return component


@transaction.atomic
def component_update(
    *,
    actor: Actor,
    component: RequiredComponent,
    data: ComponentData,
    blank_form: BlankForm | None = None,
    remove_blank_form: bool = False,
) -> RequiredComponent:
    """Change a component; `blank_form` replaces its form file, `remove_blank_form` detaches it.

    Stored files are content-addressed and may be shared, so a replaced file is left in storage.
    """
    locked = RequiredComponent.objects.select_for_update().select_related("case").get(pk=component.pk)
    problems = component_problems(locked.case, data, exclude_pk=locked.pk)
    problems["blank_form"] = blank_form_problems(blank_form) if blank_form else []
    raise_problems(problems)
    before = _component_snapshot(locked)
    _apply_component(locked, data)
    if blank_form is not None:
        _store_blank_form(locked, blank_form)
    elif remove_blank_form:
        locked.blank_form.name, locked.blank_form_sha256 = "", ""
    locked.save(
        update_fields=[
            "code", "name", "position", "originals", "copies", "is_mandatory", "blank_form",
            "blank_form_sha256",
            "updated_at",
        ]
    )  # fmt: skip
    after = _component_snapshot(locked)
    if after != before:
        audit_record(actor=actor, action="catalog.component_update", obj=locked, before=before, after=after)
    return locked


@transaction.atomic
def component_delete(*, actor: Actor, component: RequiredComponent) -> None:
    locked = RequiredComponent.objects.select_for_update().get(pk=component.pk)
    audit_record(
        actor=actor, action="catalog.component_delete", obj=locked, before=_component_snapshot(locked)
    )
    locked.delete()
