"""The "all" box read from the official's units' own rows gives the same pages as the walk of the table."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqdt.accounts.models import StaffRole
from cqdt.dossiers import unit_walk
from cqdt.dossiers.access import dossiers_visible_to
from cqdt.dossiers.models import Dossier, InvolvedUnit
from cqdt.dossiers.selectors import Box, InboxFilters, inbox_page
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.tests.factories import AgencyFactory, staff
from cqdt.dossiers.tests.workspace import at_step, receive

pytestmark = pytest.mark.django_db


def _all_pages(user, filters: InboxFilters) -> list[str]:
    codes: list[str] = []
    after = None
    while True:
        page = inbox_page(user, Box.ALL, filters=filters, after=after, limit=2)
        codes += [row.code for row in page.items]
        if page.next_cursor is None:
            return codes
        after = page.next_cursor


@pytest.fixture
def spread(world):
    """Dossiers at every step, one of them waiting unassigned at the specialists' step, and a second desk."""
    other_desk = AgencyFactory(name="Bộ phận một cửa xã Hòa Bình", parent=world.province)
    desk_officer = staff(other_desk, StaffRole.ONE_STOP_OFFICER, username="motcua.hoabinh")
    received = [receive(world, vn(2026, 3, 2, 8 + n, 0), name=f"Người nộp {n}") for n in range(7)]
    for dossier, position in zip(received, (2, 2, 3, 4), strict=False):
        at_step(world, dossier, position, vn(2026, 3, 3, 9, 0))
    # Sent to the department as a whole: nobody holds the step and the specialists' section took no part yet.
    waiting = received[1]
    Dossier.objects.filter(pk=waiting.pk).update(current_assignee=None)
    InvolvedUnit.objects.filter(dossier=waiting, unit=world.section).delete()
    InvolvedUnit.objects.create(dossier=received[5], unit=other_desk)
    return received, waiting, desk_officer


FILTERS = [
    InboxFilters(),
    InboxFilters(channel="in_person"),
    InboxFilters(query="nguoi nop 3"),
    InboxFilters(received_from=dt.date(2026, 3, 2), received_to=dt.date(2026, 3, 2)),
    InboxFilters(status=4),
]


def test_the_pages_are_those_of_the_table_walk_for_every_official_and_filter(world, spread, monkeypatch):
    _, waiting, desk_officer = spread
    people = [
        world.counter_officer,
        world.specialist,
        world.section_head,
        world.agency_head,
        world.clerk,
        world.outsider,
        desk_officer,
    ]
    seen = 0
    for person in people:
        for filters in FILTERS:
            monkeypatch.setattr(unit_walk, "walks_by_units", lambda user: False)
            by_table = _all_pages(person, filters)
            monkeypatch.setattr(unit_walk, "walks_by_units", lambda user: True)
            by_units = _all_pages(person, filters)
            assert by_units == by_table, (person.username, filters)
            seen += len(by_units)
    assert seen > 20
    # The dossier waiting at the specialists' step is the specialist's through the unheld step alone.
    assert not InvolvedUnit.objects.filter(
        dossier=waiting, unit__path__startswith=world.section.path
    ).exists()
    assert waiting.code in _all_pages(world.specialist, InboxFilters())
    assert _all_pages(desk_officer, InboxFilters()) == [spread[0][5].code]


def test_walking_by_units_reads_each_unit_and_the_unheld_steps_then_the_page(world, spread, monkeypatch):
    monkeypatch.setattr(unit_walk, "walks_by_units", lambda user: True)
    with CaptureQueriesContext(connection) as queries:
        page = inbox_page(world.agency_head, Box.ALL, limit=25)
    # assignments, the units (department and section), a walk for each, the unheld steps, the page
    assert len(queries) == 1 + 1 + 2 + 1 + 1
    walks = [q["sql"] for q in queries.captured_queries if '"dossiers_involvedunit"."unit_id" =' in q["sql"]]
    assert len(walks) == 2
    visible = dossiers_visible_to(world.agency_head).order_by("-pk").values_list("code", flat=True)
    assert [row.code for row in page.items] == list(visible)


def test_the_walk_is_chosen_for_a_few_units_with_a_small_share_and_kept(world, spread, monkeypatch):
    _, _, desk_officer = spread
    # The second desk took part in 1 of 7 dossiers; the province's service centre in all of them.
    monkeypatch.setattr(unit_walk, "MAX_SHARE", 0.2)
    assert unit_walk.walks_by_units(desk_officer) is True
    assert unit_walk.walks_by_units(world.counter_officer) is False
    with CaptureQueriesContext(connection) as queries:
        assert unit_walk.walks_by_units(desk_officer) is True
    assert len(queries) == 0  # kept in the cache
    monkeypatch.setattr(unit_walk, "MAX_SHARE", 0.1)
    assert unit_walk.walks_by_units(staff(world.province, StaffRole.SPECIALIST, username="tinh")) is False
    monkeypatch.setattr(unit_walk, "MAX_UNITS", 1)
    assert unit_walk.walks_by_units(world.agency_head) is False  # the department and its section
