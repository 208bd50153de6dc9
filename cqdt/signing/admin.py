"""Admin: the trust store (upload a CA certificate), signing certificates (upload a PKCS#12 file with its
passphrase, used once and never stored) and the read-only signing log. Every write goes through services."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cqdt.signing.forms import CertificatePkcs12Form, TrustAnchorAddForm
from cqdt.signing.models import Certificate, SignatureEvent, TrustAnchor
from cqdt.signing.services import (
    certificate_deactivate,
    certificate_register_pkcs12,
    trust_anchor_add,
    trust_anchor_disable,
    trust_anchor_enable,
)

_ANCHOR_FIELDS = (
    "common_name",
    "subject",
    "issuer",
    "serial_number",
    "fingerprint_sha256",
    "not_before",
    "not_after",
    "is_root",
    "enabled",
    "added_by",
    "created_at",
)
_CERTIFICATE_FIELDS = (
    "common_name",
    "organisation",
    "owner_user",
    "owner_agency",
    "subject",
    "issuer",
    "serial_number",
    "fingerprint_sha256",
    "not_before",
    "not_after",
    "key_source",
    "pkcs11_token_label",
    "pkcs11_key_label",
    "pkcs11_key_id",
    "chain_trusted",
    "chain_problem",
    "appearance_image",
    "appearance_sha256",
    "is_active",
    "registered_by",
    "created_at",
)
_EVENT_FIELDS = (
    "signed_at",
    "signer_name",
    "signer_title",
    "certificate",
    "signed_by",
    "field_name",
    "page",
    "box",
    "reason",
    "location",
    "document_sha256_before",
    "document_sha256_after",
    "document_size_after",
)


def _actor(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


class _AddThroughServiceMixin:
    """The add view is a plain form whose valid submission calls one service; no ModelForm saves."""

    add_form_class: Any
    add_title: str

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        admin_self: Any = self
        if not admin_self.has_add_permission(request):
            return admin_self.changeform_view(request, None, form_url, extra_context)
        bound = request.method == "POST"
        form = self.add_form_class(request.POST if bound else None, request.FILES if bound else None)
        if bound and form.is_valid():
            try:
                created = self.create(request, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                admin_self.message_user(request, f"Đã thêm “{created}”.", messages.SUCCESS)
                opts = admin_self.model._meta
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        context = {
            **admin_self.admin_site.each_context(request),
            "opts": admin_self.model._meta,
            "title": self.add_title,
            "form": form,
        }
        return TemplateResponse(request, "admin/signing/add_form.html", context)

    def create(self, request: HttpRequest, data: dict[str, Any]) -> object:
        raise NotImplementedError


@admin.register(TrustAnchor)
class TrustAnchorAdmin(_AddThroughServiceMixin, admin.ModelAdmin):
    add_form_class = TrustAnchorAddForm
    add_title = "Thêm chứng thư CA tin cậy"
    list_display = ["common_name", "is_root", "enabled", "not_before", "not_after", "fingerprint_sha256"]
    list_filter = ["enabled", "is_root"]
    search_fields = ["common_name", "subject", "fingerprint_sha256"]
    fields = _ANCHOR_FIELDS
    readonly_fields = _ANCHOR_FIELDS
    actions = ["disable", "enable"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> object:
        return trust_anchor_add(actor=_actor(request), pem_or_der=data["pem_or_der"])

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Ngừng tin cậy các CA đã chọn", permissions=["change"])
    def disable(self, request: HttpRequest, queryset: QuerySet[TrustAnchor]) -> None:
        for anchor in queryset:
            trust_anchor_disable(actor=_actor(request), anchor=anchor, reason="Quản trị viên ngừng tin cậy")
        self.message_user(request, "Đã ngừng tin cậy các CA đã chọn.", messages.SUCCESS)

    @admin.action(description="Tin cậy lại các CA đã chọn", permissions=["change"])
    def enable(self, request: HttpRequest, queryset: QuerySet[TrustAnchor]) -> None:
        for anchor in queryset:
            trust_anchor_enable(actor=_actor(request), anchor=anchor, reason="Quản trị viên tin cậy lại")
        self.message_user(request, "Đã tin cậy lại các CA đã chọn.", messages.SUCCESS)


@admin.register(Certificate)
class CertificateAdmin(_AddThroughServiceMixin, admin.ModelAdmin):
    add_form_class = CertificatePkcs12Form
    add_title = "Đăng ký chứng thư số ký (tệp PKCS#12)"
    list_display = [
        "common_name",
        "owner_user",
        "owner_agency",
        "key_source",
        "not_after",
        "chain_trusted",
        "is_active",
    ]
    list_filter = ["key_source", "is_active", "chain_trusted"]
    list_select_related = ["owner_user", "owner_agency"]
    search_fields = ["common_name", "organisation", "serial_number", "fingerprint_sha256"]
    fields = _CERTIFICATE_FIELDS
    readonly_fields = _CERTIFICATE_FIELDS
    actions = ["deactivate"]

    def create(self, request: HttpRequest, data: dict[str, Any]) -> object:
        return certificate_register_pkcs12(
            actor=_actor(request),
            owner_user=data.get("owner_user"),
            owner_agency=data.get("owner_agency"),
            pkcs12=data["pkcs12"],
            passphrase=data["passphrase"],
            appearance_png=data.get("appearance_png"),
            require_trusted_chain=not data.get("allow_untrusted"),
        )

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Ngừng sử dụng các chứng thư số đã chọn", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Certificate]) -> None:
        for certificate in queryset:
            certificate_deactivate(
                actor=_actor(request), certificate=certificate, reason="Quản trị viên ngừng"
            )
        self.message_user(request, "Đã ngừng sử dụng các chứng thư số đã chọn.", messages.SUCCESS)


@admin.register(SignatureEvent)
class SignatureEventAdmin(admin.ModelAdmin):
    list_display = ["signed_at", "signer_name", "certificate", "signed_by", "document_sha256_after"]
    list_select_related = ["certificate", "signed_by"]
    search_fields = ["signer_name", "document_sha256_before", "document_sha256_after", "field_name"]
    date_hierarchy = "signed_at"
    fields = _EVENT_FIELDS
    readonly_fields = _EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
