"""Admin for the catalogue. Forms validate with the services' rules; saving goes through the services, so
the audit trail and the process rules apply exactly as for the importer.

Django admin saves the parent object before its inlines; here `save_model` does nothing and `save_related`
calls one service with the parent and its inline rows together (a case and its steps must agree).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest

from cqdt.agencies.models import Agency, GovernmentLevel
from cqdt.catalog import services
from cqdt.catalog.models import Fee, Procedure, ProcedureCase, ProcedureField, ProcessStep, RequiredComponent
from cqdt.catalog.selectors import procedure_search
from cqdt.catalog.services import (
    AgencyRule,
    BlankForm,
    CaseData,
    ComponentData,
    FeeData,
    ProcedureData,
    StepData,
)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _adopt(target: models.Model, source: models.Model) -> None:
    """Make the admin's unsaved instance the row the service wrote, so admin logging and redirects work."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


def _mark_saved(formsets: list[Any]) -> None:
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


def _kept_forms(formset: Any) -> list[Any]:
    """The inline forms that will exist after saving (filled in, not marked for deletion), by position."""
    kept = []
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or (formset.can_delete and formset._should_delete_form(form)):
            continue
        if form.instance.pk is not None or form.has_changed():
            kept.append(form)
    return sorted(kept, key=lambda form: form.cleaned_data.get("position") or 0)


def _add_problems(form: forms.BaseForm, problems: dict[str, list[str]], names: dict[str, str]) -> None:
    for key, messages in problems.items():
        for message in messages:
            form.add_error(names.get(key) if names.get(key) in form.fields else None, message)


@admin.register(ProcedureField)
class ProcedureFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class FieldForm(form):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean() or {}
                _add_problems(
                    self,
                    services.field_problems(
                        code=data.get("code", ""), name=data.get("name", ""), exclude_pk=self.instance.pk
                    ),
                    {"code": "code", "name": "name"},
                )
                return data

        return FieldForm

    def save_model(self, request: HttpRequest, obj: ProcedureField, form: Any, change: bool) -> None:
        if change:
            saved = services.field_update(actor=request.user, field=obj, code=obj.code, name=obj.name)
        else:
            saved = services.field_create(actor=request.user, code=obj.code, name=obj.name)
        _adopt(obj, saved)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProcedureForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label="Cấp thực hiện", choices=GovernmentLevel.choices, widget=forms.CheckboxSelectMultiple
    )
    explicit_agencies = forms.ModelMultipleChoiceField(
        label="Cơ quan chỉ định theo mã",
        queryset=Agency.objects.order_by("path"),
        required=False,
        help_text="Ngoài các cơ quan khớp quy tắc bên dưới.",
    )
    legal_basis_text = forms.CharField(
        label="Căn cứ pháp lý", required=False, widget=forms.Textarea, help_text="Mỗi văn bản một dòng."
    )
    result_documents_text = forms.CharField(
        label="Kết quả thực hiện", required=False, widget=forms.Textarea, help_text="Mỗi kết quả một dòng."
    )

    class Meta:
        model = Procedure
        fields = (
            "code",
            "name",
            "field",
            "online_service",
            "supplement_policy",
            "is_active",
            "agency_rules",
            "notes",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["levels"] = [row.level for row in self.instance.levels.all()]
            self.initial["explicit_agencies"] = services.procedure_explicit_agencies(self.instance)
            self.initial["legal_basis_text"] = "\n".join(self.instance.legal_basis)
            self.initial["result_documents_text"] = "\n".join(self.instance.result_documents)

    def procedure_data(self) -> ProcedureData:
        data = self.cleaned_data
        rules = data.get("agency_rules") or []
        return ProcedureData(
            code=data.get("code", ""),
            name=data.get("name", ""),
            field=data["field"],
            levels=tuple(data.get("levels", ())),
            online_service=data.get("online_service", ""),
            supplement_policy=data.get("supplement_policy", ""),
            is_active=data.get("is_active", True),
            legal_basis=_lines(data.get("legal_basis_text", "")),
            result_documents=_lines(data.get("result_documents_text", "")),
            notes=data.get("notes", ""),
            agency_rules=tuple(AgencyRule(**rule) for rule in rules),
            agencies=tuple(data.get("explicit_agencies", ())),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rules = data.get("agency_rules") or []
        allowed = {"level", "kind", "name_contains"}
        if not isinstance(rules, list) or not all(
            isinstance(rule, dict) and "level" in rule and set(rule) <= allowed for rule in rules
        ):
            self.add_error(
                "agency_rules", 'Mỗi quy tắc là {"level": ..., "kind": ..., "name_contains": ...}.'
            )
            return data
        if "field" in data and not self.errors:
            names = {
                "legal_basis": "legal_basis_text",
                "result_documents": "result_documents_text",
                "agencies": "explicit_agencies",
            }
            problems = services.procedure_problems(self.procedure_data(), exclude_pk=self.instance.pk)
            _add_problems(self, problems, {key: names.get(key, key) for key in problems})
        return data


def _fee_data(form: forms.BaseForm) -> FeeData:
    data = form.cleaned_data
    return FeeData(
        kind=data.get("kind", ""), amount=data.get("amount"), description=data.get("description", "")
    )


class FeeFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in _kept_forms(self):
            for message in services.fee_problems(_fee_data(form)):
                form.add_error(None, message[0].upper() + message[1:])


class FeeInline(admin.TabularInline):
    model = Fee
    formset = FeeFormSet
    fields = ("kind", "amount", "description")
    extra = 0


def _case_data(form: forms.BaseForm, instance: ProcedureCase) -> CaseData:
    data = form.cleaned_data
    return CaseData(
        code=data.get("code", instance.code),
        name=data.get("name", instance.name),
        time_limit_amount=data.get("time_limit_amount", instance.time_limit_amount),
        time_limit_unit=data.get("time_limit_unit", instance.time_limit_unit),
        form_schema=data.get("form_schema", instance.form_schema),
        is_active=data.get("is_active", instance.is_active),
        position=data.get("position") or instance.position,
    )


class CaseFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in _kept_forms(self):
            data = _case_data(form, form.instance)
            steps = (
                [StepData(s.name, s.role, s.hours, s.unit) for s in form.instance.steps.all()]
                if form.instance.pk
                else []
            )
            for message in services.steps_problems(data, steps):
                form.add_error(None, message)


class CaseInline(admin.TabularInline):
    model = ProcedureCase
    formset = CaseFormSet
    fields = ("position", "code", "name", "time_limit_amount", "time_limit_unit", "is_active")
    show_change_link = True
    can_delete = False
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureForm
    inlines = (FeeInline, CaseInline)
    list_display = ("code", "name", "field", "online_service", "is_active")
    list_filter = ("is_active", "online_service", "field", "levels__level")
    search_fields = ("code", "search_text")
    list_select_related = ("field",)
    readonly_fields = ("national_code",)

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> tuple[Any, bool]:
        return procedure_search(queryset, search_term), False

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        pass  # saved in save_related, together with the inlines

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        data = form.procedure_data()
        if change:
            saved = services.procedure_update(actor=request.user, procedure=form.instance, data=data)
        else:
            saved = services.procedure_create(actor=request.user, data=data)
        _adopt(form.instance, saved)
        for formset in formsets:
            if formset.model is Fee:
                fees = [_fee_data(fee_form) for fee_form in _kept_forms(formset)]
                services.procedure_set_fees(actor=request.user, procedure=saved, fees=fees)
            elif formset.model is ProcedureCase:
                for case_form in _kept_forms(formset):
                    if not case_form.has_changed():
                        continue
                    case_data = _case_data(case_form, case_form.instance)
                    if case_form.instance.pk is None:
                        services.case_create(actor=request.user, procedure=saved, data=case_data, steps=[])
                    else:
                        services.case_update(actor=request.user, case=case_form.instance, data=case_data)
        _mark_saved(formsets)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StepForm(forms.ModelForm):
    def validate_unique(self) -> None:
        """Positions are checked across the formset and renumbered by the service, steps may be reordered."""


class StepFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = _kept_forms(self)
        positions = [form.cleaned_data["position"] for form in kept]
        if len(set(positions)) != len(positions):
            raise forms.ValidationError("Hai bước không được có cùng số thứ tự.")
        steps = [_step_data(form) for form in kept]
        messages = services.steps_problems(_case_data_of(self.instance), steps)
        if messages:
            raise forms.ValidationError(messages)


def _step_data(form: forms.BaseForm) -> StepData:
    data = form.cleaned_data
    return StepData(name=data["name"], role=data["role"], hours=data["hours"], unit=data.get("unit", ""))


def _case_data_of(case: ProcedureCase) -> CaseData:
    return CaseData(
        code=case.code,
        name=case.name,
        time_limit_amount=case.time_limit_amount,
        time_limit_unit=case.time_limit_unit or "",
        form_schema=case.form_schema,
        is_active=case.is_active,
        position=case.position,
    )


class StepInline(admin.TabularInline):
    model = ProcessStep
    form = StepForm
    formset = StepFormSet
    fields = ("position", "name", "role", "unit", "hours")
    extra = 0


def _component_data(form: forms.BaseForm) -> ComponentData:
    data = form.cleaned_data
    return ComponentData(
        code=data.get("code", ""),
        name=data.get("name", ""),
        originals=data.get("originals") or 0,
        copies=data.get("copies") or 0,
        is_mandatory=data.get("is_mandatory", False),
        position=data.get("position") or 1,
    )


def _uploaded(form: forms.BaseForm) -> BlankForm | None:
    upload = form.cleaned_data.get("blank_form")
    if isinstance(upload, UploadedFile):
        upload.seek(0)
        return BlankForm(filename=upload.name or "", content=upload.read())
    return None


class ComponentFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in _kept_forms(self):
            upload = _uploaded(form)
            for message in services.blank_form_problems(upload) if upload else []:
                form.add_error("blank_form", message)


class ComponentInline(admin.TabularInline):
    model = RequiredComponent
    formset = ComponentFormSet
    fields = ("position", "code", "name", "originals", "copies", "is_mandatory", "blank_form")
    extra = 0


class CaseForm(forms.ModelForm):
    class Meta:
        model = ProcedureCase
        fields = (
            "procedure", "position", "code", "name", "time_limit_amount", "time_limit_unit", "form_schema",
            "is_active",
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "procedure" in data:
            problems = services.case_problems(
                data["procedure"], _case_data(self, self.instance), exclude_pk=self.instance.pk
            )
            _add_problems(self, problems, {key: key for key in problems})
        return data


@admin.register(ProcedureCase)
class CaseAdmin(admin.ModelAdmin):
    form = CaseForm
    inlines = (ComponentInline, StepInline)
    list_display = ("procedure", "code", "name", "time_limit_label", "is_active")
    list_filter = ("is_active", "time_limit_unit")
    list_select_related = ("procedure",)
    search_fields = ("procedure__code", "procedure__search_text", "name")
    autocomplete_fields = ("procedure",)

    def save_model(self, request: HttpRequest, obj: ProcedureCase, form: Any, change: bool) -> None:
        pass  # saved in save_related, together with its steps

    def save_related(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> None:
        data = _case_data(form, form.instance)
        step_formset = next(formset for formset in formsets if formset.model is ProcessStep)
        steps = [_step_data(step_form) for step_form in _kept_forms(step_formset)]
        if change:
            saved = services.case_update(actor=request.user, case=form.instance, data=data, steps=steps)
        else:
            procedure = form.cleaned_data["procedure"]
            saved = services.case_create(actor=request.user, procedure=procedure, data=data, steps=steps)
        _adopt(form.instance, saved)
        component_formset = next(formset for formset in formsets if formset.model is RequiredComponent)
        self._save_components(request, saved, component_formset)
        _mark_saved(formsets)

    def _save_components(self, request: HttpRequest, case: ProcedureCase, formset: Any) -> None:
        for form in formset.forms:
            instance = form.instance
            if not hasattr(form, "cleaned_data"):
                continue
            if formset.can_delete and formset._should_delete_form(form):
                if instance.pk is not None:
                    services.component_delete(actor=request.user, component=instance)
                continue
            if instance.pk is None and not form.has_changed():
                continue
            data, upload = _component_data(form), _uploaded(form)
            if instance.pk is None:
                services.component_create(actor=request.user, case=case, data=data, blank_form=upload)
            elif form.has_changed():
                removed = form.cleaned_data.get("blank_form") is False
                services.component_update(
                    actor=request.user,
                    component=instance,
                    data=data,
                    blank_form=upload,
                    remove_blank_form=removed,
                )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
