"""The generated province: counts, determinism, codes and counters, history, deadlines, files, statistics."""

import hashlib
import io
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from cqdt.agencies.models import Agency
from cqdt.core.text import search_text
from cqdt.dossiers.codes import next_dossier_code
from cqdt.dossiers.deadlines import appointment_for, resumed_appointment
from cqdt.dossiers.models import (
    Channel,
    Dossier,
    DossierCodeCounter,
    DossierFile,
    DossierHistory,
    DossierPause,
    DossierStep,
    InvolvedUnit,
)
from cqdt.dossiers.statistics import dossier_statistics
from cqdt.dossiers.status import TRANSITIONS, Action, DossierStatus
from cqdt.generate.tests.conftest import COUNT, UNTIL

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.H99)-(\d{6})-(\d{4})$")


def _generated(report):
    return Dossier.objects.filter(pk__gte=report.first_id)


def test_counts_match_the_report(generated):
    report = generated["report"]
    dossiers = _generated(report)
    assert dossiers.count() == COUNT
    assert report.rows["dossier"] == COUNT
    ids = list(dossiers.values_list("pk", flat=True))
    assert report.rows["history"] == DossierHistory.objects.filter(dossier_id__in=ids).count()
    assert report.rows["step"] == DossierStep.objects.filter(dossier_id__in=ids).count()
    assert report.rows["file"] == DossierFile.objects.filter(dossier_id__in=ids).count()
    assert report.rows["pause"] == DossierPause.objects.filter(dossier_id__in=ids).count()
    assert report.rows["involved"] == InvolvedUnit.objects.filter(dossier_id__in=ids).count()
    assert dict(Counter(dossiers.values_list("status", flat=True))) == report.statuses
    assert sum(report.channels.values()) == COUNT


def test_same_seed_same_codes_statuses_and_applicants(generated):
    assert generated["first"] == generated["second"]
    assert len(generated["second"]) == COUNT


def test_distribution_is_that_of_a_province(generated):
    dossiers = _generated(generated["report"])
    channels = Counter(dossiers.values_list("channel", flat=True))
    assert 0.10 < channels[Channel.ONLINE] / COUNT < 0.25
    finished = dossiers.exclude(timeliness="")
    late = finished.filter(timeliness="late").count()
    assert late / finished.count() < 0.03
    assert dossiers.filter(status=DossierStatus.RETURNED).count() > COUNT * 0.8
    assert dossiers.filter(rescheduled_due_at__isnull=False).count() == 0
    assert dossiers.filter(received_at__gt=UNTIL).count() == 0
    assert dossiers.filter(submitted_at__lt=UNTIL - timedelta(days=366)).count() == 0


def test_codes_follow_the_format_and_the_counters_continue(generated):
    report = generated["report"]
    numbers = defaultdict(list)
    for code, unit_code in _generated(report).values_list("code", "receiving_unit__identifier_code"):
        match = CODE.match(code)
        assert match is not None, code
        assert match.group(1) == unit_code
        numbers[(unit_code, match.group(2))].append(int(match.group(3)))
    for key, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key
    assert DossierCodeCounter.objects.count() == generated["counters_before"] + report.counters
    unit_code, day = max(numbers, key=lambda key: len(numbers[key]))
    unit = Agency.objects.get(identifier_code=unit_code)
    counter = DossierCodeCounter.objects.get(
        unit=unit, day=date(2000 + int(day[:2]), int(day[2:4]), int(day[4:]))
    )
    assert counter.last_number == len(numbers[(unit_code, day)])
    at = UNTIL.replace(year=counter.day.year, month=counter.day.month, day=counter.day.day, hour=10)
    expected = f"{unit_code}-{day}-{len(numbers[(unit_code, day)]) + 1:04d}"
    assert next_dossier_code(unit=unit, at=at) == expected


def test_history_replays_to_the_current_status(generated):
    histories = defaultdict(list)
    rows = DossierHistory.objects.filter(dossier__pk__gte=generated["report"].first_id).order_by(
        "dossier", "at", "id"
    )
    for row in rows:
        histories[row.dossier_id].append(row)
    for dossier in _generated(generated["report"]):
        entries = histories[dossier.pk]
        assert entries, dossier.code
        status = None
        for entry in entries:
            assert entry.from_status == status, (dossier.code, entry.action)
            allowed, target = TRANSITIONS[entry.action]
            if allowed:
                assert status in allowed, (dossier.code, entry.action, status)
            if entry.action in (Action.REGISTER_SUPPLEMENT, Action.CONFIRM_FEES):
                assert entry.to_status == DossierStatus.PROCESSING
            else:
                assert entry.to_status == (status if target is None else target), (dossier.code, entry.action)
            status = entry.to_status
        assert status == dossier.status, dossier.code
        assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_current_step_and_involved_units_are_consistent(generated):
    open_ones = _generated(generated["report"]).filter(status__in=[2, 4, 5, 6]).select_related("current_step")
    assert open_ones.exists()
    for dossier in open_ones:
        step = dossier.current_step
        assert step is not None
        assert step.dossier_id == dossier.pk
        assert step.finished_at is None
        assert step.assignee_id == dossier.current_assignee_id
        involved = set(InvolvedUnit.objects.filter(dossier=dossier).values_list("unit_id", flat=True))
        assert {dossier.receiving_unit_id, dossier.handling_agency_id, dossier.current_unit_id} <= involved
    closed = _generated(generated["report"]).filter(status__in=[3, 7, 8, 10])
    assert closed.filter(current_step__isnull=False).count() == 0
    assert closed.filter(closed_at__isnull=True).count() == 0


def test_due_dates_are_those_the_calendar_gives(generated):
    dossiers = _generated(generated["report"]).filter(received_at__isnull=False).select_related("case")
    paused = {
        p.dossier_id: p for p in DossierPause.objects.filter(dossier__in=dossiers, ended_at__isnull=False)
    }
    checked_pauses = 0
    for dossier in dossiers:
        pause = paused.get(dossier.pk)
        if pause is None:
            assert dossier.due_at == appointment_for(dossier.case, dossier.received_at), dossier.code
        elif pause.reason == "supplement" and dossier.procedure.supplement_policy == "restart":
            assert dossier.due_at == appointment_for(dossier.case, pause.ended_at), dossier.code
        else:
            remaining = timedelta(seconds=pause.remaining_work_seconds)
            assert dossier.due_at == resumed_appointment(resumed_at=pause.ended_at, remaining=remaining)
            checked_pauses += 1
    assert checked_pauses > 0


def test_search_text_is_what_the_services_write(generated):
    for dossier in _generated(generated["report"]).select_related("procedure")[:100]:
        expected = search_text(
            dossier.code, dossier.applicant_name, dossier.applicant_id_number, dossier.procedure.name
        )
        assert dossier.search_text == expected


def test_files_are_real_pdfs_with_their_real_hash(generated):
    files = DossierFile.objects.filter(dossier__pk__gte=generated["report"].first_id)
    assert files.count() >= COUNT
    for name, sha256, size in set(files.values_list("file", "sha256", "size")):
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
        assert hashlib.sha256(content).hexdigest() == sha256
        assert len(content) == size
        assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert (
        files.filter(kind="result").count()
        == _generated(generated["report"]).filter(status__in=[9, 10]).count()
    )


def test_statistics_of_the_generated_year_add_up(generated):
    root = Agency.objects.get(internal_code="LS.UBND")
    start, end = date(2025, 3, 21), date(2026, 3, 20)
    table = dossier_statistics(agency=root, period_start=start, period_end=end, group_by="agency")
    total = table.total
    assert total.received_total == total.processed_total + total.in_progress_total
    assert (
        total.received_new
        == _generated(generated["report"])
        .filter(received_at__date__gte=start, received_at__date__lte=end)
        .count()
        + Dossier.objects.filter(
            pk__lt=generated["report"].first_id, received_at__date__gte=start, received_at__date__lte=end
        ).count()
    )
    generated_rows = _generated(generated["report"])
    online = generated_rows.filter(channel=Channel.ONLINE, received_at__isnull=False).count()
    assert total.received_online == online
    processed = generated_rows.filter(status__in=[7, 9, 10])
    assert total.processed_total == processed.count()
    assert total.processed_late == processed.filter(timeliness="late").count()
    assert total.processed_early == processed.filter(timeliness="early").count()
    assert total.paused == generated_rows.filter(status__in=[5, 6, 8]).count()
    assert total.on_time_rate is not None
    assert total.on_time_rate > 97


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY loader and the index rebuild are PostgreSQL's"
)
def test_index_rebuild_restores_the_schema(generated):
    from cqdt.generate.loader import TABLES, Loader

    def schema():
        with connection.cursor() as cursor:
            tables = [model._meta.db_table for model, _ in TABLES.values()]
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE tablename = ANY(%s) ORDER BY 1, 2",
                [tables],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
                [tables],
            )
            return indexes, cursor.fetchall()

    before = schema()
    loader = Loader(rebuild_indexes=True)
    loader.prepare()
    assert schema() != before
    loader.finish()
    assert schema() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes are used on PostgreSQL only")
def test_output_does_not_depend_on_the_number_of_processes(generated, monkeypatch):
    from django.db import transaction

    from cqdt.generate import province
    from cqdt.generate.tests.conftest import snapshot

    monkeypatch.setattr(province, "CHUNK", 60)

    class Undo(Exception):
        pass

    runs = []
    for processes in (2, 1):
        try:
            with transaction.atomic():
                report = province.generate_province(
                    dossiers=150, seed=11, years=1, until=UNTIL - timedelta(days=400), processes=processes
                )
                runs.append((report.processes, report.rows, snapshot(report.first_id)))
                raise Undo
        except Undo:
            pass
    (two, rows_two, first), (one, rows_one, second) = runs
    assert (two, one) == (2, 1)
    assert rows_two == rows_one
    assert first == second
    assert len(first) == 150


def test_command_prints_a_summary(generated):
    from rich.console import Console

    from cqdt.generate.command import main

    out = io.StringIO()
    until = (UNTIL - timedelta(days=800)).date().isoformat()
    assert (
        main(["--dossiers", "25", "--seed", "3", "--years", "0.5", "--until", until], Console(file=out)) == 0
    )
    text = out.getvalue()
    assert "Đã sinh 25 hồ sơ" in text
    assert Dossier.objects.filter(submitted_at__date__lte=date.fromisoformat(until)).count() >= 25
