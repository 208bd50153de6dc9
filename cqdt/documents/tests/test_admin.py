"""The admin site: document types are read only; registers are created and changed through the services."""

import pytest
from django.test import Client

from cqdt.accounts.models import User
from cqdt.core.models import AuditRecord
from cqdt.documents.models import DocumentType, Register

pytestmark = [pytest.mark.django_db, pytest.mark.urls("cqdt.urls")]


@pytest.fixture
def admin_client(world) -> Client:
    superuser = User.objects.create_superuser(
        username="quantri", password="CqdtTest@2026", email="qt@example.vn"
    )
    client = Client()
    client.force_login(superuser)
    return client


def test_document_types_are_listed_but_not_editable(admin_client):
    assert admin_client.get("/admin/documents/documenttype/").status_code == 200
    quyet_dinh = DocumentType.objects.get(code="quyet-dinh")
    response = admin_client.post(
        f"/admin/documents/documenttype/{quyet_dinh.pk}/change/", {"name": "Đổi tên"}
    )
    assert response.status_code == 403
    assert DocumentType.objects.get(pk=quyet_dinh.pk).name == "Quyết định"


def test_a_register_is_created_and_changed_through_the_services(world, admin_client):
    decision = DocumentType.objects.get(code="quyet-dinh")
    created = admin_client.post(
        "/admin/documents/register/add/",
        {
            "agency": world.justice.pk,
            "direction": "outgoing",
            "name": "Sổ quyết định",
            "issuer_abbreviation": "STP",
            "document_types": [decision.pk],
            "is_active": "on",
        },
    )
    assert created.status_code == 302, created.context["adminform"].form.errors
    register = Register.objects.get(name="Sổ quyết định")
    assert list(register.document_types.all()) == [decision]
    assert AuditRecord.objects.filter(action="register.create", object_id=str(register.pk)).count() == 1

    refused = admin_client.post(
        f"/admin/documents/register/{register.pk}/change/",
        {
            "name": "Sổ quyết định",
            "issuer_abbreviation": "S T P",
            "document_types": [decision.pk],
            "is_active": "on",
        },
    )
    assert refused.status_code == 200
    assert "Chữ viết tắt không được chứa khoảng trắng" in refused.content.decode()
    changed = admin_client.post(
        f"/admin/documents/register/{register.pk}/change/",
        {"name": "Sổ quyết định cá biệt", "issuer_abbreviation": "STP", "document_types": [decision.pk]},
    )
    assert changed.status_code == 302
    register.refresh_from_db()
    assert (register.name, register.is_active) == ("Sổ quyết định cá biệt", False)
    audit = AuditRecord.objects.get(action="register.update")
    assert (audit.before["name"], audit.after["name"], audit.after["is_active"]) == (
        "Sổ quyết định",
        "Sổ quyết định cá biệt",
        False,
    )
