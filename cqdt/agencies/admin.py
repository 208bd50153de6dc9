"""Admin for the agency directory. Every save goes through the services (validation, paths, audit).

Agencies and administrative units are closed (end of validity), never deleted, so history stays intact.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from cqdt.agencies import services
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.agencies.selectors import agency_active_on
from cqdt.core.text import fold_diacritics

AGENCY_FORM_FIELDS = ("parent", *services.AGENCY_FIELDS)
UNIT_FORM_FIELDS = services.ADMINISTRATIVE_UNIT_FIELDS


class ActiveFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "active"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("1", "Đang hoạt động"), ("0", "Đã ngừng hoạt động")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "1":
            return queryset.filter(agency_active_on())
        if self.value() == "0":
            return queryset.exclude(agency_active_on())
        return queryset


class _FoldedSearchMixin:
    """Search the diacritic-folded `search_text`: “so tu phap” finds “Sở Tư pháp”."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        for word in fold_diacritics(search_term).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False


class AgencyForm(forms.ModelForm):
    website = forms.URLField(label="trang thông tin điện tử", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = AGENCY_FORM_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            services.agency_check_parent(
                agency=self.instance if self.instance.pk else None,
                parent=cleaned.get("parent"),
                valid_to=cleaned.get("valid_to"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        replaced_by = cleaned.get("replaced_by")
        if replaced_by is not None and not cleaned.get("valid_to"):
            self.add_error("replaced_by", "Chỉ cơ quan đã ngừng hoạt động mới có cơ quan thay thế.")
        return cleaned


@admin.register(Agency)
class AgencyAdmin(_FoldedSearchMixin, admin.ModelAdmin):
    form = AgencyForm
    list_display = ("indented_name", "identifier_code", "internal_code", "level", "kind", "active")
    list_filter = ("level", "kind", ActiveFilter)
    search_fields = ("name", "short_name", "identifier_code", "internal_code")
    autocomplete_fields = ("parent", "replaced_by", "administrative_unit")
    readonly_fields = ("public_id", "path", "depth")
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("parent", "name", "short_name", "kind", "level")}),
        ("Mã", {"fields": ("identifier_code", "is_demo_code", "internal_code", "administrative_unit")}),
        ("Hiệu lực", {"fields": ("valid_from", "valid_to", "replaced_by")}),
        ("Liên hệ", {"fields": ("address", "phone", "email", "website")}),
        ("Hệ thống", {"fields": ("public_id", "path", "depth"), "classes": ("collapse",)}),
    )

    @admin.display(description="tên cơ quan, đơn vị", ordering="path")
    def indented_name(self, obj: Agency) -> str:
        return format_html('<span style="padding-left: {}em">{}</span>', obj.depth * 1.5, obj.name)

    @admin.display(description="đang hoạt động", boolean=True)
    def active(self, obj: Agency) -> bool:
        return obj.is_active

    def has_delete_permission(self, request: HttpRequest, obj: Agency | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Agency, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            fields = {name: data[name] for name in services.AGENCY_FIELDS if name in data}
            created = services.agency_create(actor=request.user, parent=data.get("parent"), **fields)
            obj.pk, obj.public_id, obj.path, obj.depth = (
                created.pk,
                created.public_id,
                created.path,
                created.depth,
            )
            return
        current = Agency.objects.get(pk=obj.pk)
        closing = "valid_to" in form.changed_data and current.valid_to is None and data.get("valid_to")
        changes = {
            name: data[name]
            for name in form.changed_data
            if name in services.AGENCY_FIELDS and not (closing and name in ("valid_to", "replaced_by"))
        }
        if "parent" in form.changed_data:
            services.agency_move(actor=request.user, agency=current, parent=data.get("parent"))
        services.agency_update(actor=request.user, agency=current, changes=changes)  # type: ignore[arg-type]
        if closing:
            services.agency_close(
                actor=request.user,
                agency=current,
                valid_to=data["valid_to"],
                replaced_by=data.get("replaced_by"),
            )


class AdministrativeUnitForm(forms.ModelForm):
    class Meta:
        model = AdministrativeUnit
        fields = UNIT_FORM_FIELDS


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(_FoldedSearchMixin, admin.ModelAdmin):
    form = AdministrativeUnitForm
    list_display = (
        "statistical_code",
        "name",
        "kind",
        "valid_from",
        "valid_to",
        "replaced_by",
        "is_demo_code",
    )
    list_filter = ("kind", "is_demo_code")
    search_fields = ("name", "statistical_code")
    autocomplete_fields = ("parent", "replaced_by")
    list_select_related = ("replaced_by",)

    def has_delete_permission(self, request: HttpRequest, obj: AdministrativeUnit | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: AdministrativeUnit, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            fields = {name: data[name] for name in UNIT_FORM_FIELDS if name in data}
            created = services.administrative_unit_create(actor=request.user, **fields)
            obj.pk, obj.public_id = created.pk, created.public_id
            return
        changes = {name: data[name] for name in form.changed_data if name in UNIT_FORM_FIELDS}
        services.administrative_unit_update(
            actor=request.user,
            unit=AdministrativeUnit.objects.get(pk=obj.pk),
            changes=changes,  # type: ignore[arg-type]
        )
