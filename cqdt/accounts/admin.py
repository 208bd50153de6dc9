"""Admin for users and staff assignments; role changes go through the services (validation, audit)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from cqdt.accounts import services
from cqdt.accounts.models import StaffAssignment, User

ASSIGNMENT_FIELDS = ("unit", "role", "position_title", "valid_from", "valid_to")


def _save_assignment(
    request: HttpRequest, assignment: StaffAssignment, changed: list[str]
) -> StaffAssignment:
    """Create or update through the services; a new user, unit or role means removal plus a new assignment."""
    if assignment.pk is not None and {"user", "unit", "role"} & set(changed):
        old = StaffAssignment.objects.select_related("user", "unit").get(pk=assignment.pk)
        services.staff_unassign(actor=request.user, user=old.user, unit=old.unit, role=old.role)
    saved = services.staff_assign(
        actor=request.user,
        user=assignment.user,
        unit=assignment.unit,
        role=assignment.role,
        position_title=assignment.position_title,
        valid_from=assignment.valid_from,
        valid_to=assignment.valid_to,
    )
    assignment.pk, assignment.public_id = saved.pk, saved.public_id
    return saved


class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    fields = ASSIGNMENT_FIELDS
    autocomplete_fields = ("unit",)
    extra = 0
    verbose_name = "vai trò tại đơn vị"
    verbose_name_plural = "vai trò tại các đơn vị"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Thông tin cán bộ, công dân", {"fields": ("kind", "full_name", "phone", "identity_number")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Thông tin cán bộ, công dân", {"fields": ("kind", "full_name", "email", "phone")}),
    )
    list_display = ("username", "full_name", "kind", "email", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "full_name", "email", "identity_number")
    ordering = ("username",)
    inlines = (StaffAssignmentInline,)

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not StaffAssignment:
            super().save_formset(request, form, formset, change)
            return
        assignments = formset.save(commit=False)
        for removed in formset.deleted_objects:
            services.staff_unassign(
                actor=request.user, user=removed.user, unit=removed.unit, role=removed.role
            )
        changed = {id(inline.instance): inline.changed_data for inline in formset.forms}
        for assignment in assignments:
            _save_assignment(request, assignment, changed.get(id(assignment), []))


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "position_title", "valid_from", "valid_to")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__identifier_code")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")
    fields = ("user", *ASSIGNMENT_FIELDS)

    def save_model(
        self, request: HttpRequest, obj: StaffAssignment, form: forms.ModelForm, change: bool
    ) -> None:
        _save_assignment(request, obj, list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: StaffAssignment) -> None:
        services.staff_unassign(actor=request.user, user=obj.user, unit=obj.unit, role=obj.role)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for assignment in queryset.select_related("user", "unit"):
            self.delete_model(request, assignment)
