"""Shared pieces of the authorisation matrix tests: targets in each state, the cases, the snapshot of
everything a refused call must leave unchanged, and clients for each person."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from cqdt.core.models import AuditRecord
from cqdt.documents import services
from cqdt.documents.models import (
    IncomingDocument,
    IncomingHandler,
    IncomingHistory,
    OutgoingDocument,
    OutgoingHistory,
    OutgoingVersion,
)
from cqdt.documents.tests.conftest import vn
from cqdt.documents.tests.factories import World, direct, draft, issued, register
from cqdt.documents.tests.helpers import pdf

API = "/api/v1/documents"
PAGES = "/van-ban"
NOW = vn(2026, 3, 3, 9, 0)
SUMMARY_MARK = "Kế hoạch triển khai"  # in every incoming document's summary (factories.metadata)


def nothing(world: World) -> None:
    return None


def directed(world: World) -> IncomingDocument:
    return direct(world, register(world))


def delivered_copy(world: World) -> IncomingDocument:
    issued(world)
    return IncomingDocument.objects.get(agency=world.interior)


def in_review(world: World) -> OutgoingDocument:
    document = draft(world)
    return services.outgoing_submit(actor=world.specialist, document=document)


def pending(world: World) -> OutgoingDocument:
    document = in_review(world)
    return services.outgoing_forward(actor=world.section_head, document=document, approver=world.leader)


def lead_handler(document: Any) -> int:
    return IncomingHandler.objects.get(document=document, role="lead").pk


def registration_data(world: World, obj: Any) -> dict[str, Any]:
    return {
        "agency": str(world.justice.public_id),
        "issuer_name": "Bộ Tư pháp",
        "number": "12",
        "issued_on": "2026-03-02",
        "document_type": "cong-van",
        "summary": "Về việc tổng kết",
        "file": pdf(),
    }


def draft_data(world: World, obj: Any) -> dict[str, Any]:
    return {
        "drafting_unit": str(world.section.public_id),
        "document_type": "cong-van",
        "summary": "Về việc tổng kết",
        "file": pdf(),
    }


@dataclass(frozen=True)
class Case:
    """One endpoint: how to build its target, its address and payload, and who is who."""

    name: str
    method: str
    path: Callable[[World, Any], str]
    setup: Callable[[World], Any] = nothing
    data: Callable[[World, Any], dict[str, Any]] = field(default=lambda w, o: {})
    multipart: bool = False
    right: str | None = "clerk"
    wrong: str | None = None  # staff of the agency without the role
    wrong_status: int = 403  # 404 where the role is what makes the target visible at all
    outsider: str | None = "other_clerk"
    outsider_status: int = 404
    success: int = 200

    def __str__(self) -> str:
        return self.name


def snapshot() -> tuple[Any, ...]:
    return (
        sorted(IncomingDocument.objects.values_list("pk", "status", "arrival_number")),
        sorted(OutgoingDocument.objects.values_list("pk", "status", "number")),
        OutgoingVersion.objects.count(),
        IncomingHandler.objects.count(),
        IncomingHistory.objects.count(),
        OutgoingHistory.objects.count(),
        AuditRecord.objects.count(),
    )


def call_api(client: Client, case: Case, world: World, target: Any):
    url = case.path(world, target)
    if case.method == "get":
        return client.get(url)
    data = case.data(world, target)
    if case.multipart:
        return client.post(url, data)
    return client.post(url, data, content_type="application/json")


def client_as(world: World, who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(getattr(world, who))
    return client
