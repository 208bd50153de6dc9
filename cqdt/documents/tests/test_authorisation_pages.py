"""Workspace half of the authorisation matrix: the same rules on every page (the login page for anonymous
visitors instead of 401)."""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from cqdt.documents.models import Register
from cqdt.documents.tests.authorisation import (
    NOW,
    PAGES,
    SUMMARY_MARK,
    Case,
    client_as,
    delivered_copy,
    directed,
    in_review,
    lead_handler,
    pending,
    snapshot,
)
from cqdt.documents.tests.factories import World, approved, draft, issued, register, signed
from cqdt.documents.tests.helpers import pdf
from cqdt.documents.tests.urls import URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _page_registration(world: World, obj: Any) -> dict[str, Any]:
    return {
        "agency": world.justice.pk,
        "channel": "paper",
        "issuer_name": "Bộ Tư pháp",
        "number": "12",
        "issued_on": "2026-03-02",
        "document_type": world.type("cong-van").pk,
        "summary": "Về việc tổng kết",
        "urgency": "normal",
        "confidentiality": "normal",
        "main_file": pdf(),
    }


def _page_draft(world: World, obj: Any) -> dict[str, Any]:
    return {
        "drafting_unit": world.section.pk,
        "document_type": world.type("cong-van").pk,
        "summary": "Về việc tổng kết",
        "urgency": "normal",
        "confidentiality": "normal",
        "copies": 1,
        "file": pdf(),
    }


def _incoming_action(action: str) -> Callable[[World, Any], str]:
    return lambda w, o: f"{PAGES}/den/{o.public_id}/thao-tac/{action}/"


def _outgoing_action(action: str) -> Callable[[World, Any], str]:
    return lambda w, o: f"{PAGES}/di/{o.public_id}/thao-tac/{action}/"


PAGE_CASES = [
    Case("page my work", "get", lambda w, o: f"{PAGES}/viec-cua-toi/", outsider=None),
    Case("page incoming list", "get", lambda w, o: f"{PAGES}/den/", outsider=None),
    Case("page registration form", "get", lambda w, o: f"{PAGES}/den/vao-so/", wrong="leader", outsider=None),
    Case(
        "page register",
        "post",
        lambda w, o: f"{PAGES}/den/vao-so/",
        data=_page_registration,
        wrong="specialist",
        outsider="other_specialist",
        outsider_status=403,
        success=302,
    ),
    Case("page incoming", "get", lambda w, o: f"{PAGES}/den/{o.public_id}/", setup=register),
    Case(
        "page register copy",
        "post",
        _incoming_action("register"),
        setup=delivered_copy,
        right="other_clerk",
        wrong="other_leader",
        outsider="clerk",
        success=302,
    ),
    Case(
        "page return copy",
        "post",
        _incoming_action("return"),
        setup=delivered_copy,
        data=lambda w, o: {"reason": "Gửi nhầm."},
        right="other_clerk",
        wrong="other_leader",
        outsider="clerk",
        success=302,
    ),
    Case(
        "page direct",
        "post",
        _incoming_action("direct"),
        setup=register,
        data=lambda w, o: {"lead_unit": w.section.pk, "note": "Giao xử lý."},
        right="leader",
        wrong="clerk",
        outsider="other_leader",
        success=302,
    ),
    Case(
        "page assign handler",
        "post",
        _incoming_action("assign_handler"),
        setup=directed,
        data=lambda w, o: {"handler": lead_handler(o), "user": w.specialist.pk},
        right="section_head",
        wrong="clerk",
        success=302,
    ),
    Case(
        "page note",
        "post",
        _incoming_action("note"),
        setup=directed,
        data=lambda w, o: {"text": "Đang xử lý."},
        right="section_head",
        wrong="clerk",
        success=302,
    ),
    Case(
        "page complete",
        "post",
        _incoming_action("complete"),
        setup=directed,
        data=lambda w, o: {"result": "Xong."},
        right="section_head",
        wrong="section_head2",
        success=302,
    ),
    Case("page slip", "get", lambda w, o: f"{PAGES}/den/{o.public_id}/phieu-giai-quyet/", setup=directed),
    Case(
        "page incoming file",
        "get",
        lambda w, o: f"{PAGES}/den/{o.public_id}/tep/{o.files.get().public_id}/",
        setup=register,
    ),
    Case("page outgoing list", "get", lambda w, o: f"{PAGES}/di/", outsider=None),
    Case(
        "page draft form",
        "get",
        lambda w, o: f"{PAGES}/di/soan-thao/",
        right="specialist",
        wrong="clerk",
        outsider=None,
    ),
    Case(
        "page create draft",
        "post",
        lambda w, o: f"{PAGES}/di/soan-thao/",
        data=_page_draft,
        right="specialist",
        wrong="clerk",
        outsider="other_specialist",
        outsider_status=400,  # the unit of another agency is not among the choices of the form
        success=302,
    ),
    Case("page outgoing", "get", lambda w, o: f"{PAGES}/di/{o.public_id}/", setup=draft, right="specialist"),
    Case(
        "page version",
        "get",
        lambda w, o: f"{PAGES}/di/{o.public_id}/phien-ban/1/",
        setup=draft,
        right="specialist",
        outsider="other_leader",
    ),
    Case(
        "page add version",
        "post",
        _outgoing_action("add_version"),
        setup=draft,
        data=lambda w, o: {"file": pdf()},
        right="specialist",
        wrong="section_head",
        outsider="other_leader",
        success=302,
    ),
    Case(
        "page submit",
        "post",
        _outgoing_action("submit"),
        setup=draft,
        right="specialist",
        wrong="section_head",
        outsider="other_leader",
        success=302,
    ),
    Case(
        "page forward",
        "post",
        _outgoing_action("forward"),
        setup=in_review,
        data=lambda w, o: {"approver": w.leader.pk},
        right="section_head",
        wrong="specialist",
        outsider="other_leader",
        success=302,
    ),
    Case(
        "page send back",
        "post",
        _outgoing_action("send_back"),
        setup=in_review,
        data=lambda w, o: {"reason": "Sửa."},
        right="section_head",
        wrong="specialist",
        outsider="other_leader",
        success=302,
    ),
    Case(
        "page approve",
        "post",
        _outgoing_action("approve"),
        setup=pending,
        right="leader",
        wrong="deputy",
        outsider="other_leader",
        success=302,
    ),
    Case(
        "page sign",
        "post",
        _outgoing_action("sign"),
        setup=approved,
        right=None,
        wrong="deputy",
        outsider="other_leader",
    ),
    Case(
        "page paper signature",
        "post",
        _outgoing_action("record_paper_signature"),
        setup=approved,
        data=lambda w, o: {"file": pdf()},
        wrong="leader",
        success=302,
    ),
    Case("page issue", "post", _outgoing_action("issue"), setup=signed, wrong="deputy", success=302),
    Case(
        "page distribute",
        "post",
        _outgoing_action("distribute"),
        setup=issued,
        data=lambda w, o: {"recipients": [w.province.pk]},
        wrong="leader",
        success=302,
    ),
    Case(
        "page recall",
        "post",
        _outgoing_action("recall"),
        setup=issued,
        data=lambda w, o: {"reason": "Sai sót."},
        right="leader",
        wrong="specialist",
        success=302,
    ),
    Case("page approval queue", "get", lambda w, o: f"{PAGES}/di/cho-duyet/", outsider=None),
    Case("page issue queue", "get", lambda w, o: f"{PAGES}/di/cho-phat-hanh/", outsider=None),
    Case("page registers", "get", lambda w, o: f"{PAGES}/so/", outsider=None),
    Case(
        "page register export",
        "get",
        lambda w, o: f"{PAGES}/so/{Register.objects.get(agency=w.justice).public_id}/2026.xlsx",
        setup=register,
        wrong="specialist",
        wrong_status=404,
    ),
    Case(
        "page statistics",
        "get",
        lambda w, o: f"{PAGES}/thong-ke/",
        right="leader",
        wrong="specialist",
        outsider=None,
    ),
]


def _page_call(client: Client, case: Case, world: World, target: Any):
    url = case.path(world, target)
    if case.method == "get":
        return client.get(url)
    return client.post(url, case.data(world, target))


@pytest.mark.parametrize("case", PAGE_CASES, ids=str)
def test_pages_send_anonymous_to_login_and_refuse_citizens(world, case):
    target = case.setup(world)
    before = snapshot()
    anonymous = _page_call(client_as(world, None), case, world, target)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/?next=")
    refused = _page_call(client_as(world, "citizen"), case, world, target)
    assert refused.status_code == 403
    assert "Trang này chỉ dành cho cán bộ, công chức." in refused.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", [c for c in PAGE_CASES if c.outsider], ids=str)
def test_pages_refuse_staff_of_another_agency(world, case):
    target = case.setup(world)
    before = snapshot()
    response = _page_call(client_as(world, case.outsider), case, world, target)
    assert response.status_code == case.outsider_status
    assert SUMMARY_MARK not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", [c for c in PAGE_CASES if c.wrong], ids=str)
def test_pages_refuse_staff_without_the_role(world, case):
    target = case.setup(world)
    before = snapshot()
    response = _page_call(client_as(world, case.wrong), case, world, target)
    assert response.status_code == case.wrong_status
    assert snapshot() == before


@pytest.mark.parametrize("case", [c for c in PAGE_CASES if c.right], ids=str)
def test_pages_let_staff_with_the_role_through(world, case):
    target = case.setup(world)
    response = _page_call(client_as(world, case.right), case, world, target)
    assert response.status_code == case.success, response.content.decode()[:2000]
