"""Who may do what, for every workspace page and API endpoint.

For each action: anonymous → login page / 401; a citizen → 403; staff of another agency → 404 with
nothing of the dossier in the answer; staff who see the dossier but lack the role → 403; all of them
change nothing (status, history and audit counts); then staff with the role succeed.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.test import Client

from cqdt.accounts.models import StaffRole, UserKind
from cqdt.dossiers import services
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.status import Action
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.factories import UserFactory, World, staff
from cqdt.dossiers.tests.helpers import png
from cqdt.dossiers.tests.workspace import URLS, at_step, receive, snapshot, submit_online

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

NOW = vn(2026, 3, 3, 9, 0)
API = "/api/v1/dossiers"


@pytest.fixture
def people(world: World) -> World:
    """The test world plus an administrator of the department and a second specialist in the section."""
    world.administrator = staff(world.department, StaffRole.ADMINISTRATOR, username="quantri")  # type: ignore[attr-defined]
    world.colleague = staff(world.section, StaffRole.SPECIALIST, username="chuyenvien2")  # type: ignore[attr-defined]
    return world


def _online(w: World) -> Dossier:
    return submit_online(w, vn(2026, 3, 2, 20, 0))


def _received(w: World) -> Dossier:
    return receive(w, vn(2026, 3, 2, 9, 0))


def _step(position: int) -> Callable[[World], Dossier]:
    return lambda w: at_step(w, _received(w), position, vn(2026, 3, 2, 10, 0))


def _then(position: int, act: Callable[[World, Dossier], object]) -> Callable[[World], Dossier]:
    def setup(w: World) -> Dossier:
        dossier = _step(position)(w)
        with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
            act(w, dossier)
        return Dossier.objects.get(pk=dossier.pk)

    return setup


def _supplement(w: World, d: Dossier) -> object:
    return services.dossier_request_supplement(
        actor=w.specialist, dossier=d, components=["Tờ khai"], reason="Thiếu."
    )


def _fees(w: World, d: Dossier) -> object:
    return services.dossier_request_fees(actor=w.specialist, dossier=d, amount=200000, reason="Lệ phí")


def _apology(w: World, d: Dossier) -> object:
    return services.apology_draft(
        actor=w.specialist, dossier=d, reason="Chờ xác minh.", new_due_at=vn(2026, 3, 12, 9)
    )


def _result(w: World, d: Dossier) -> object:
    return services.dossier_record_result(
        actor=w.clerk, dossier=d, number="1/STP", signer="Lý Thị Mai", issued_on=dt.date(2026, 3, 2)
    )


def _uuid(name: str) -> Callable[[World], str]:
    return lambda w: str(getattr(w, name).public_id)


@dataclass(frozen=True)
class Scenario:
    action: str
    setup: Callable[[World], Dossier]
    right: str
    wrong: str
    data: dict[str, object | Callable[[World], object]] = field(default_factory=dict)
    multipart_api: bool = False

    @property
    def slug(self) -> str:
        return self.action.replace("_", "-")

    def payload(self, w: World) -> dict[str, object]:
        return {key: value(w) if callable(value) else value for key, value in self.data.items()}


SCENARIOS = [
    Scenario(Action.ACCEPT_ONLINE, _online, "counter_officer", "agency_head"),
    Scenario(
        Action.REFUSE_RECEPTION, _online, "counter_officer", "agency_head", {"reason": "Sai thẩm quyền."}
    ),
    Scenario(Action.FORWARD, _received, "counter_officer", "agency_head", {"assignee": _uuid("specialist")}),
    Scenario(Action.APPROVE, _step(3), "section_head", "agency_head", {"assignee": _uuid("clerk")}),
    Scenario(
        Action.DECLINE,
        _step(3),
        "section_head",
        "agency_head",
        {"assignee": _uuid("clerk"), "reason": "Không đủ điều kiện."},
    ),
    Scenario(
        Action.RECORD_RESULT,
        _step(4),
        "clerk",
        "agency_head",
        {"number": "1/STP", "signer": "Lý Thị Mai", "issued_on": "2026-03-03"},
        multipart_api=True,
    ),
    Scenario(Action.RETURN_RESULT, _then(4, _result), "counter_officer", "clerk", {"method": "counter"}),
    Scenario(
        Action.REQUEST_SUPPLEMENT,
        _step(2),
        "specialist",
        "agency_head",
        {"components": ["Bản chụp giấy tờ tùy thân"], "reason": "Bản chụp bị mờ."},
    ),
    Scenario(
        Action.REGISTER_SUPPLEMENT,
        _then(2, _supplement),
        "counter_officer",
        "agency_head",
        {"note": "Đã nhận."},
        multipart_api=True,
    ),
    Scenario(
        Action.REQUEST_FEES, _step(2), "specialist", "agency_head", {"amount": 50000, "reason": "Lệ phí"}
    ),
    Scenario(
        Action.CONFIRM_FEES, _then(2, _fees), "counter_officer", "agency_head", {"note": "Biên lai 001"}
    ),
    Scenario(Action.SEND_BACK, _step(2), "specialist", "agency_head", {"reason": "Thiếu giấy tờ."}),
    Scenario(Action.RECALL, _step(2), "counter_officer", "agency_head", {"reason": "Chuyển nhầm."}),
    Scenario(Action.REASSIGN, _step(2), "section_head", "clerk", {"assignee": _uuid("colleague")}),
    Scenario(
        Action.TRANSFER,
        _step(2),
        "specialist",
        "agency_head",
        {
            "agency": lambda w: str(w.other_department.public_id),
            "role": "specialist",
            "hours": "4",
            "reason": "Đề nghị xác nhận thông tin.",
        },
    ),
    Scenario(
        Action.DRAFT_APOLOGY,
        _step(2),
        "specialist",
        "agency_head",
        {"reason": "Chờ xác minh.", "new_due_at": "2026-03-12T09:00:00+07:00"},
    ),
    Scenario(Action.APPROVE_APOLOGY, _then(2, _apology), "agency_head", "section_head", {"note": "Đồng ý."}),
    Scenario(
        Action.REJECT_APOLOGY, _then(2, _apology), "agency_head", "section_head", {"note": "Chưa hợp lý."}
    ),
    Scenario(Action.WITHDRAW, _received, "counter_officer", "agency_head", {"reason": "Đơn xin rút hồ sơ."}),
    Scenario(Action.STOP, _received, "agency_head", "counter_officer", {"reason": "Đang có tranh chấp."}),
    Scenario(
        Action.ADJUST_DEADLINE,
        _received,
        "administrator",
        "agency_head",
        {"due_at": "2026-03-06T09:00:00+07:00", "reason": "Nhập sai ngày tiếp nhận."},
    ),
]


def test_every_workspace_action_has_a_scenario():
    from cqdt.dossiers.workspace_queries import WORKSPACE_ACTIONS

    # Signing needs a certificate valid today, so its matrix lives in test_sign_result.py (no time travel).
    assert [s.action for s in SCENARIOS] == [a for a in WORKSPACE_ACTIONS if a != Action.SIGN_RESULT]


def _as(client: Client, user: Any) -> Client:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _html_post(client: Client, scenario: Scenario, w: World, dossier: Dossier):
    data = scenario.payload(w)
    if scenario.action == Action.REGISTER_SUPPLEMENT:
        data["tp-TP2"] = png()
    with time_machine.travel(NOW, tick=False):
        return client.post(f"/mot-cua/ho-so/{dossier.code}/thao-tac/{scenario.action}/", data)


def _api_post(client: Client, scenario: Scenario, w: World, dossier: Dossier):
    url = f"{API}/{dossier.code}/actions/{scenario.slug}"
    data = scenario.payload(w)
    with time_machine.travel(NOW, tick=False):
        if scenario.multipart_api:
            return client.post(url, data)
        return client.post(url, json.dumps(data), content_type="application/json")


def _leaks(body: bytes, dossier: Dossier) -> bool:
    """Whether the answer tells anything of the dossier (a problem's `instance` only echoes the path)."""
    text = body.decode()
    if text.startswith("{"):
        problem = json.loads(text)
        problem.pop("instance", None)
        text = json.dumps(problem, ensure_ascii=False)
    return dossier.code in text or dossier.applicant_name in text


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.action)
def test_html_action(scenario: Scenario, people: World, client: Client):
    dossier = scenario.setup(people)
    before = snapshot(dossier)

    anonymous = _html_post(_as(client, None), scenario, people, dossier)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/dang-nhap/?next=/mot-cua/ho-so/")
    assert _html_post(_as(client, people.citizen), scenario, people, dossier).status_code == 403
    outsider = _html_post(_as(client, people.outsider), scenario, people, dossier)
    assert outsider.status_code == 404
    assert not _leaks(outsider.content, dossier)
    wrong = _html_post(_as(client, getattr(people, scenario.wrong)), scenario, people, dossier)
    assert wrong.status_code == 403
    assert "Bạn không có quyền" in wrong.content.decode()
    assert snapshot(dossier) == before

    right = _html_post(_as(client, getattr(people, scenario.right)), scenario, people, dossier)
    assert (right.status_code, right["Location"]) == (302, f"/mot-cua/ho-so/{dossier.code}/")
    after = snapshot(dossier)
    assert (after.history, after.audit) == (before.history + 1, before.audit + 1)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.action)
def test_api_action(scenario: Scenario, people: World, client: Client):
    dossier = scenario.setup(people)
    before = snapshot(dossier)

    anonymous = _api_post(_as(client, None), scenario, people, dossier)
    assert (anonymous.status_code, anonymous["Content-Type"]) == (401, "application/problem+json")
    assert _api_post(_as(client, people.citizen), scenario, people, dossier).status_code == 403
    outsider = _api_post(_as(client, people.outsider), scenario, people, dossier)
    assert outsider.status_code == 404
    assert not _leaks(outsider.content, dossier)
    wrong = _api_post(_as(client, getattr(people, scenario.wrong)), scenario, people, dossier)
    assert (wrong.status_code, wrong.json()["title"]) == (403, "Không có quyền")
    assert snapshot(dossier) == before

    right = _api_post(_as(client, getattr(people, scenario.right)), scenario, people, dossier)
    assert right.status_code == 200, right.content
    assert right.json()["code"] == dossier.code
    after = snapshot(dossier)
    assert (after.history, after.audit) == (before.history + 1, before.audit + 1)


@pytest.fixture
def documents(people: World) -> dict[str, object]:
    """A dossier with every kind of slip and a file, and a refused online submission."""
    dossier = _then(2, lambda w, d: (_supplement(w, d), _apology(w, d)))(people)
    refused = _online(people)
    with time_machine.travel(vn(2026, 3, 3, 8, 0), tick=False):
        services.dossier_refuse_reception(
            actor=people.counter_officer, dossier=refused, reason="Sai thẩm quyền."
        )
    return {
        "dossier": dossier,
        "refused": refused,
        "file": dossier.files.get(original_name="to-khai.pdf").public_id,
        "pause": dossier.pauses.get().pk,
        "apology": dossier.apologies.get().public_id,
    }


def _pages(d: dict[str, object]) -> list[str]:
    code, refused = d["dossier"].code, d["refused"].code  # type: ignore[attr-defined]
    return [
        f"/mot-cua/ho-so/{code}/",
        f"/mot-cua/ho-so/{code}/tep/{d['file']}/",
        f"/mot-cua/ho-so/{code}/in/mau-01/",
        f"/mot-cua/ho-so/{code}/in/mau-02/{d['pause']}/",
        f"/mot-cua/ho-so/{refused}/in/mau-03/",
        f"/mot-cua/ho-so/{code}/in/mau-04/{d['apology']}/",
        f"/mot-cua/ho-so/{code}/in/mau-05/",
    ]


def _endpoints(d: dict[str, object]) -> list[str]:
    code, refused = d["dossier"].code, d["refused"].code  # type: ignore[attr-defined]
    return [
        f"{API}/{code}",
        f"{API}/{code}/history",
        f"{API}/{code}/files/{d['file']}",
        f"{API}/{code}/slips/receipt",
        f"{API}/{code}/slips/supplement-request/{d['pause']}",
        f"{API}/{refused}/slips/refusal",
        f"{API}/{code}/slips/apology/{d['apology']}",
        f"{API}/{code}/slips/process-control",
    ]


def test_dossier_pages_and_downloads(people: World, documents: dict[str, object], client: Client):
    for url in _pages(documents):
        anonymous = _as(client, None).get(url)
        assert (anonymous.status_code, anonymous["Location"]) == (302, f"/dang-nhap/?next={url}"), url
        assert _as(client, people.citizen).get(url).status_code == 403, url
        outsider = _as(client, people.outsider).get(url)
        assert outsider.status_code == 404, url
        assert not _leaks(outsider.content, documents["dossier"]), url  # type: ignore[arg-type]
        assert _as(client, people.counter_officer).get(url).status_code == 200, url


def test_dossier_endpoints(people: World, documents: dict[str, object], client: Client):
    for url in _endpoints(documents):
        assert _as(client, None).get(url).status_code == 401, url
        assert _as(client, people.citizen).get(url).status_code == 403, url
        outsider = _as(client, people.outsider).get(url)
        assert outsider.status_code == 404, url
        assert not _leaks(outsider.content, documents["dossier"]), url  # type: ignore[arg-type]
        assert _as(client, people.agency_head).get(url).status_code == 200, url


def test_lists_show_only_what_the_user_may_see(people: World, client: Client):
    dossier = _received(people)
    for url in ("/mot-cua/?box=all", f"{API}/?box=all", f"{API}/boxes"):
        anonymous = _as(client, None).get(url)
        assert anonymous.status_code == (302 if url.startswith("/mot-cua") else 401), url
        assert _as(client, people.citizen).get(url).status_code == 403, url
        outsider = _as(client, people.outsider).get(url)
        assert outsider.status_code == 200, url
        assert not _leaks(outsider.content, dossier), url
        assert (
            dossier.code
            in _as(client, people.counter_officer).get(url.replace("/boxes", "/?box=all")).content.decode()
        )


def test_reception_needs_the_one_stop_role(people: World, client: Client):
    form = f"/mot-cua/tiep-nhan/?case={people.case.public_id}"
    assert _as(client, None).get(form)["Location"].startswith("/dang-nhap/?next=/mot-cua/tiep-nhan/")
    assert _as(client, people.citizen).get(form).status_code == 403
    assert _as(client, people.specialist).get(form).status_code == 403
    assert _as(client, people.counter_officer).get(form).status_code == 200
    data = {
        "case": str(people.case.public_id),
        "channel": "in_person",
        "applicant_type": "citizen",
        "applicant_name": "Hoàng Văn Thụ",
    }
    assert _as(client, people.specialist).post("/mot-cua/tiep-nhan/", data).status_code == 403
    payload = {"procedure_code": "2.000488", "case_code": "TH1", "applicant": {"name": "Hoàng Văn Thụ"}}
    assert _as(client, None).post(f"{API}/", {"payload": json.dumps(payload)}).status_code == 401
    assert _as(client, people.citizen).post(f"{API}/", {"payload": json.dumps(payload)}).status_code == 403
    assert _as(client, people.specialist).post(f"{API}/", {"payload": json.dumps(payload)}).status_code == 403
    assert Dossier.objects.count() == 0
    assert (
        _as(client, people.counter_officer).post(f"{API}/", {"payload": json.dumps(payload)}).status_code
        == 201
    )


def test_statistics_are_limited_to_the_users_agencies(people: World, client: Client):
    unassigned = UserFactory(username="chuaphancong", kind=UserKind.STAFF)
    for url in ("/mot-cua/thong-ke/", "/mot-cua/thong-ke/xuat-excel/"):
        assert _as(client, None).get(url)["Location"].startswith("/dang-nhap/"), url
        assert _as(client, people.citizen).get(url).status_code == 403, url
        assert _as(client, unassigned).get(url).status_code == 403, url
        assert _as(client, people.outsider).get(f"{url}?agency={people.department.pk}").status_code == 403, (
            url
        )
        assert _as(client, people.outsider).get(url).status_code == 200, url
        # the agency head may look into a unit of the department
        assert _as(client, people.agency_head).get(f"{url}?agency={people.section.pk}").status_code == 200, (
            url
        )
