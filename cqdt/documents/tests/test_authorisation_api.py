"""API half of the authorisation matrix.

Who may do what, on every API endpoint and every workspace page.

For each: anonymous → 401 (API) or the login page; a citizen → 403; staff of another agency → 404 for a
document (nothing of it in the answer) or 403 for a creation in someone else's agency; staff who see the
document but lack the role → 403; none of them changes anything (documents, statuses, versions, history,
audit). Then staff with the role succeed.
"""

import pytest
import time_machine

from cqdt.documents.models import Register
from cqdt.documents.tests.authorisation import (
    API,
    NOW,
    SUMMARY_MARK,
    Case,
    call_api,
    client_as,
    delivered_copy,
    directed,
    draft_data,
    in_review,
    lead_handler,
    pending,
    registration_data,
    snapshot,
)
from cqdt.documents.tests.factories import approved, draft, issued, register, signed
from cqdt.documents.tests.helpers import pdf
from cqdt.documents.tests.urls import URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


API_CASES = [
    Case("types", "get", lambda w, o: f"{API}/types", outsider=None),
    Case("incoming list", "get", lambda w, o: f"{API}/incoming", outsider=None),
    Case(
        "register incoming",
        "post",
        lambda w, o: f"{API}/incoming",
        data=registration_data,
        multipart=True,
        wrong="specialist",
        outsider_status=403,
        success=201,
    ),
    Case("incoming detail", "get", lambda w, o: f"{API}/incoming/{o.public_id}", setup=register),
    Case(
        "register delivered copy",
        "post",
        lambda w, o: f"{API}/incoming/{o.public_id}/register",
        setup=delivered_copy,
        right="other_clerk",
        wrong="other_leader",
        outsider="clerk",
    ),
    Case(
        "return delivered copy",
        "post",
        lambda w, o: f"{API}/incoming/{o.public_id}/return",
        setup=delivered_copy,
        data=lambda w, o: {"reason": "Gửi nhầm."},
        right="other_clerk",
        wrong="other_leader",
        outsider="clerk",
    ),
    Case(
        "direct",
        "post",
        lambda w, o: f"{API}/incoming/{o.public_id}/direct",
        setup=register,
        data=lambda w, o: {"lead_unit": str(w.section.public_id)},
        right="leader",
        wrong="clerk",
        outsider="other_leader",
    ),
    Case(
        "assign handler",
        "post",
        lambda w, o: f"{API}/incoming/{o.public_id}/handlers/{lead_handler(o)}/assign",
        setup=directed,
        data=lambda w, o: {"user": str(w.specialist.public_id)},
        right="section_head",
        wrong="clerk",
    ),
    Case(
        "progress note",
        "post",
        lambda w, o: f"{API}/incoming/{o.public_id}/notes",
        setup=directed,
        data=lambda w, o: {"text": "Đang xử lý."},
        right="section_head",
        wrong="clerk",
    ),
    Case(
        "complete",
        "post",
        lambda w, o: f"{API}/incoming/{o.public_id}/complete",
        setup=directed,
        data=lambda w, o: {"result": "Xong."},
        right="section_head",
        wrong="section_head2",
    ),
    Case("handling slip", "get", lambda w, o: f"{API}/incoming/{o.public_id}/slip", setup=directed),
    Case(
        "incoming file",
        "get",
        lambda w, o: f"{API}/incoming/{o.public_id}/files/{o.files.get().public_id}",
        setup=register,
    ),
    Case("my assignments", "get", lambda w, o: f"{API}/assignments", outsider=None),
    Case("outgoing list", "get", lambda w, o: f"{API}/outgoing", outsider=None),
    Case("approval queue", "get", lambda w, o: f"{API}/outgoing/queues/approval", outsider=None),
    Case("issue queue", "get", lambda w, o: f"{API}/outgoing/queues/issue", outsider=None),
    Case(
        "create draft",
        "post",
        lambda w, o: f"{API}/outgoing",
        data=draft_data,
        multipart=True,
        right="specialist",
        wrong="clerk",
        outsider="other_specialist",
        outsider_status=403,
        success=201,
    ),
    Case(
        "outgoing detail",
        "get",
        lambda w, o: f"{API}/outgoing/{o.public_id}",
        setup=draft,
        right="specialist",
    ),
    Case(
        "add version",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/versions",
        setup=draft,
        data=lambda w, o: {"file": pdf()},
        multipart=True,
        right="specialist",
        wrong="section_head",
        outsider="other_leader",
    ),
    Case(
        "download version",
        "get",
        lambda w, o: f"{API}/outgoing/{o.public_id}/versions/1",
        setup=draft,
        right="specialist",
        outsider="other_leader",
    ),
    Case(
        "submit",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/submit",
        setup=draft,
        right="specialist",
        wrong="section_head",
        outsider="other_leader",
    ),
    Case(
        "forward",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/forward",
        setup=in_review,
        data=lambda w, o: {"approver": str(w.leader.public_id)},
        right="section_head",
        wrong="specialist",
        outsider="other_leader",
    ),
    Case(
        "send back",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/send-back",
        setup=in_review,
        data=lambda w, o: {"reason": "Sửa lại."},
        right="section_head",
        wrong="specialist",
        outsider="other_leader",
    ),
    Case(
        "approve",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/approve",
        setup=pending,
        right="leader",
        wrong="deputy",
        outsider="other_leader",
    ),
    Case(
        "sign",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/sign",
        setup=approved,
        data=lambda w, o: {"certificate": str(w.leader.public_id), "secret": "x"},
        right=None,  # with a real certificate in test_signing_seam
        wrong="deputy",
        outsider="other_leader",
    ),
    Case(
        "paper signature",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/paper-signature",
        setup=approved,
        data=lambda w, o: {"file": pdf()},
        multipart=True,
        wrong="leader",
    ),
    Case("issue", "post", lambda w, o: f"{API}/outgoing/{o.public_id}/issue", setup=signed, wrong="deputy"),
    Case(
        "distribute",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/distribute",
        setup=issued,
        data=lambda w, o: {"recipients": [str(w.province.public_id)]},
        wrong="leader",
    ),
    Case(
        "recall",
        "post",
        lambda w, o: f"{API}/outgoing/{o.public_id}/recall",
        setup=issued,
        data=lambda w, o: {"reason": "Sai sót."},
        right="leader",
        wrong="specialist",
    ),
    Case("registers", "get", lambda w, o: f"{API}/registers", outsider=None),
    Case(
        "register export",
        "get",
        lambda w, o: f"{API}/registers/{Register.objects.get(agency=w.justice).public_id}/export?year=2026",
        setup=register,
        wrong="specialist",
        wrong_status=404,
    ),
    Case(
        "statistics",
        "get",
        lambda w, o: f"{API}/statistics?agency={w.justice.public_id}&start=2026-01-01&end=2026-03-31",
        right="leader",
        wrong="specialist",
        outsider_status=403,
    ),
]


@pytest.mark.parametrize("case", API_CASES, ids=str)
def test_api_anonymous_and_citizen_are_refused(world, case):
    target = case.setup(world)
    before = snapshot()
    assert call_api(client_as(world, None), case, world, target).status_code == 401
    refused = call_api(client_as(world, "citizen"), case, world, target)
    assert refused.status_code == 403
    assert SUMMARY_MARK not in refused.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", [c for c in API_CASES if c.outsider], ids=str)
def test_api_staff_of_another_agency_is_refused(world, case):
    target = case.setup(world)
    before = snapshot()
    response = call_api(client_as(world, case.outsider), case, world, target)
    assert response.status_code == case.outsider_status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert SUMMARY_MARK not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", [c for c in API_CASES if c.wrong], ids=str)
def test_api_staff_without_the_role_is_refused(world, case):
    target = case.setup(world)
    before = snapshot()
    response = call_api(client_as(world, case.wrong), case, world, target)
    assert response.status_code == case.wrong_status, response.content
    assert snapshot() == before


@pytest.mark.parametrize("case", [c for c in API_CASES if c.right], ids=str)
def test_api_staff_with_the_role_succeeds(world, case):
    target = case.setup(world)
    response = call_api(client_as(world, case.right), case, world, target)
    assert response.status_code == case.success, response.content


def test_lists_show_nothing_of_another_agency(world):
    register(world)
    draft(world)
    outsider = client_as(world, "other_leader")
    for url in (f"{API}/incoming", f"{API}/outgoing", f"{API}/assignments", f"{API}/registers"):
        body = outsider.get(url).json()
        assert (body["count"] if isinstance(body, dict) else len(body)) == 0, url
