"""What the dossier page and the API detail read: a fixed number of queries however much the dossier holds
(no field left out of `dossier_detail` is read later, one query per row), and the project's form templates
writing the same HTML as Django's own."""

import datetime as dt

import pytest
import time_machine
from django import forms
from django.forms.renderers import DjangoTemplates

from cqdt.dossiers.action_forms import ACTION_FORMS
from cqdt.dossiers.forms import InboxFilterForm
from cqdt.dossiers.models import (
    Apology,
    ApologyStatus,
    Dossier,
    DossierFile,
    DossierHistory,
    DossierPause,
    FileKind,
    PauseReason,
)
from cqdt.dossiers.selectors import dossier_detail
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.factories import World
from cqdt.dossiers.tests.workspace import URLS, at_step, receive

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

# Session, user, the user's assignments, the dossier, its steps, components, files, pauses, apologies and
# history; the next step and its holders (3, for the forward form), the agencies to transfer to; the recall
# check's read of the last hand-off.
PAGE_QUERIES = 14
# The same without the history, the agencies and the recall check's read of the last hand-off; the calendar
# is not read either: the dossier is not due within the warning horizon, so its state does not need it.
DETAIL_QUERIES = 12


def add_rows(world: World, dossier: Dossier, count: int) -> None:
    """`count` closed pauses, decided apologies, loose files and history rows by people and by the system."""
    at = vn(2026, 3, 2, 11, 0)
    for n in range(count):
        DossierPause.objects.create(
            dossier=dossier,
            reason=PauseReason.SUPPLEMENT,
            started_at=at,
            ended_at=at + dt.timedelta(hours=1),
            explanation=f"Bổ sung lần {n}",
            requested_components=[{"name": "Tờ khai", "note": "ký lại"}],
            requested_by=world.specialist,
        )
        Apology.objects.create(
            dossier=dossier,
            reason=f"Chậm lần {n}",
            previous_due_at=at,
            new_due_at=at + dt.timedelta(days=2),
            status=ApologyStatus.REJECTED,
            drafted_by=world.specialist,
            decided_by=world.agency_head,
            decided_at=at,
        )
        DossierFile.objects.create(
            dossier=dossier,
            kind=FileKind.RESULT,
            file=f"dossiers/result-{n}.pdf",
            original_name=f"ket-qua-{n}.pdf",
            content_type="application/pdf",
            size=1000 + n,
            sha256="0" * 64,
            uploaded_by=world.specialist,
        )
        DossierHistory.objects.create(
            dossier=dossier,
            at=at,
            actor=world.specialist if n % 2 else None,
            action=Action.REASSIGN,
            from_status=DossierStatus.PROCESSING,
            to_status=DossierStatus.PROCESSING,
            to_user=world.specialist if n % 2 else None,
            to_unit=world.section,
            step_name="Thẩm định hồ sơ",
            step_deadline=at,
            step_timeliness="late",
            reason=f"Lần {n}",
        )


def test_the_page_and_the_api_detail_cost_the_same_for_1_and_20_rows_of_each_kind(
    world, client, django_assert_num_queries
):
    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    client.force_login(world.specialist)
    page, api = f"/mot-cua/ho-so/{dossier.code}/", f"/api/v1/dossiers/{dossier.code}"
    for count, total in ((1, 1), (19, 20)):
        add_rows(world, dossier, count)
        with django_assert_num_queries(PAGE_QUERIES):
            html = client.get(page).content.decode()
        assert html.count('<div class="when">') == 2 + total
        assert html.count("(Mẫu 02)") == total
        with django_assert_num_queries(DETAIL_QUERIES):
            body = client.get(api).json()
        assert [len(body[key]) for key in ("pauses", "apologies", "other_files")] == [total] * 3


def test_the_timeline_and_the_process_table_read_as_before(world, client):
    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    add_rows(world, dossier, 2)
    client.force_login(world.specialist)
    html = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    system, person = (
        '<div class="when">02/03/2026 11:00 — Hệ thống</div>\n'
        "        <strong>Chuyển xử lý nội bộ</strong>:\n"
        "        Đang xử lý → Đang xử lý\n"
        "        <br>Đơn vị: Phòng Hành chính tư pháp\n"
        "        <br>Bước: Thẩm định hồ sơ — hạn 02/03/2026 11:00\n"
        '         <span class="badge late">Quá hạn</span>\n'
        "        <br>Lý do, ý kiến: Lần 0",
        f'<div class="when">02/03/2026 11:00 — {world.specialist.full_name}</div>\n'
        "        <strong>Chuyển xử lý nội bộ</strong>:\n"
        "        Đang xử lý → Đang xử lý\n"
        f"        <br>Chuyển đến: {world.specialist.full_name} (Phòng Hành chính tư pháp)\n",
    )
    assert system in html
    assert person in html
    current = (
        '<tr aria-current="step">\n'
        '          <td>2</td><td>Thẩm định hồ sơ <span class="badge">Bước hiện tại</span></td>\n'
        "          <td>Sở Tư pháp</td>\n"
        f"          <td>{world.specialist.full_name}</td>\n"
        '          <td class="nowrap">02/03/2026 10:00</td>\n'
    )
    assert current in html
    assert "<td>Ban hành, đóng dấu kết quả</td>\n          <td>Sở Tư pháp</td>\n          <td>—</td>" in html
    loose = f'<a href="/mot-cua/ho-so/{dossier.code}/tep/'
    assert html.count(loose) == 2 + 2  # a file for each of the two components, and the two results
    assert "ket-qua-1.pdf</a> <small>(Kết quả giải quyết, 1001\xa0byte)</small>" in html


@pytest.mark.parametrize("bound", [False, True])
def test_the_project_form_templates_write_the_html_django_writes(world, bound):
    """cqdt/templates/django/forms/ replaces Django's <select> and field templates for speed, not looks."""
    dossier = at_step(world, receive(world, vn(2026, 3, 2, 9, 0)), 2, vn(2026, 3, 2, 10, 0))
    django_own = DjangoTemplates()
    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        loaded = dossier_detail(user=world.specialist, code=dossier.code)
        assert loaded is not None
        data = {"agency": "not-an-agency", "role": "specialist", "assignee": "nobody"} if bound else None
        pairs = [
            (
                ACTION_FORMS[action](data, dossier=loaded, actor=world.specialist),
                ACTION_FORMS[action](data, dossier=loaded, actor=world.specialist, renderer=django_own),
            )
            for action in (Action.FORWARD, Action.TRANSFER)
        ]
        inbox_data = {"status": "10", "channel": "online", "received_from": "31/02/2026"} if bound else None
        pairs.append((InboxFilterForm(inbox_data), InboxFilterForm(inbox_data, renderer=django_own)))
        selects = 0
        for ours, theirs in pairs:
            assert not isinstance(ours.renderer, DjangoTemplates)
            for name in ours.fields:
                selects += type(ours.fields[name].widget) is forms.Select
                assert str(ours[name].as_field_group()) == str(theirs[name].as_field_group())
        assert selects == 5  # forward: the next handler; transfer: agency and role; inbox: status, channel
