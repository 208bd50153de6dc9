"""Admin for the documents app's reference data: document types (read only, from the decree) and
registers (created and changed through the services, so the rules and the audit trail apply)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from cqdt.documents import services
from cqdt.documents.models import DocumentType, Register


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    """The 29 types of Decree 30/2020, loaded by a migration; changed only by a new migration."""

    list_display = ("position", "name", "abbreviation", "code", "is_active")
    search_fields = ("name", "abbreviation", "code")
    ordering = ("position",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RegisterForm(forms.ModelForm):
    """Validation calls the service, which saves (inside the admin's transaction) or explains the refusal."""

    request_user: Any = None  # set by RegisterAdmin.get_form

    class Meta:
        model = Register
        fields = ("agency", "direction", "name", "issuer_abbreviation", "document_types", "is_active")

    def _post_clean(self) -> None:
        # The service validated and saved in clean(); model validation would only find the row it wrote.
        return

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.saved: Register | None = None
        if self.errors:
            return data
        try:
            if self.instance.pk is None:
                self.saved = services.register_create(
                    actor=self.request_user,
                    agency=data["agency"],
                    direction=data["direction"],
                    name=data["name"],
                    issuer_abbreviation=data.get("issuer_abbreviation", ""),
                    document_types=data.get("document_types") or [],
                )
            else:
                self.saved = services.register_update(
                    actor=self.request_user,
                    register=self.instance,
                    name=data["name"],
                    issuer_abbreviation=data.get("issuer_abbreviation", ""),
                    document_types=data.get("document_types") or [],
                    is_active=data.get("is_active", False),
                )
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise forms.ValidationError(messages) from error
        return data


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    form = RegisterForm
    list_display = ("name", "agency", "direction", "issuer_abbreviation", "is_active")
    list_filter = ("direction", "is_active")
    search_fields = ("name", "agency__name", "issuer_abbreviation")
    autocomplete_fields = ("agency",)
    filter_horizontal = ("document_types",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("agency", "direction") if obj is not None else ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class BoundRegisterForm(form):  # type: ignore[misc, valid-type]
            request_user = request.user

        return BoundRegisterForm

    def save_model(self, request: HttpRequest, obj: Register, form: Any, change: bool) -> None:
        # The service saved the register while the form was validated (inside the admin's transaction).
        for field in Register._meta.concrete_fields:
            setattr(obj, field.attname, getattr(form.saved, field.attname))
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # document types were set by the service

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
