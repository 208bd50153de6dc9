"""One dossier's life replayed as the services write it, stopped at `now`, as rows for the bulk loader.

Each action follows the service of the same name in `cqdt.dossiers.services` (status transition, the
history row's from/to status, units, step name, step deadline and timeliness, the dossier's current
step/unit/assignee, involved units, pauses, files). Rates are per dossier: most are finished on time,
a few are late, paused for a supplement or fees, transferred to a partner agency, declined, withdrawn or
stopped. Audit rows are not written (see docs/performance.md).
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, datetime
from typing import Any

from cqdt.accounts.models import StaffRole
from cqdt.catalog.models import TimeLimitUnit
from cqdt.dossiers.models import Channel, FileKind, PauseReason, ResultDecision, ReturnMethod, Timeliness
from cqdt.dossiers.status import Action
from cqdt.generate import people
from cqdt.generate.clock import OfficeClock
from cqdt.generate.columns import TABLES
from cqdt.generate.directory import CaseInfo, Directory, Official, ProcedureInfo
from cqdt.generate.pdfs import IDENTITY, RESULT, SUBMISSION, SUPPLEMENT, StoredSample
from cqdt.generate.plan import Arrival
from cqdt.generate.rates import (
    DECLINE_RATE,
    FEES_RATE,
    LATE_RATE,
    LEADERS,
    PARTNER_HOURS,
    PARTNER_STEP_PREFIX,
    REASONS,
    REFUSAL_RATE,
    STOP_RATE,
    SUPPLEMENT_RATE,
    TRANSFER_RATE,
    WITHDRAW_RATE,
)
from cqdt.generate.rows import emit

_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


class _Now(Exception):
    """The next event would happen after `now`: the dossier stays as it is."""


def _timeliness(finished: date, due: datetime | None) -> str:
    if due is None:
        return Timeliness.ON_TIME
    due_day = due.date()
    return (
        Timeliness.EARLY
        if finished < due_day
        else Timeliness.ON_TIME
        if finished == due_day
        else Timeliness.LATE
    )


class Simulation:
    """Turns arrivals into rows; keeps the next primary key of every table."""

    def __init__(
        self,
        *,
        directory: Directory,
        clock: OfficeClock,
        rng: random.Random,
        now: datetime,
        samples: list[StoredSample],
        next_ids: dict[str, int],
    ) -> None:
        self.directory = directory
        self.clock = clock
        self.rng = rng
        self.now = now
        self.now_offset = clock.offset_of(now)
        self.today = now.astimezone(clock.zone).date()
        self.samples = samples
        self.ids = dict(next_ids)
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _uuid(self) -> str:
        """A version-4 UUID from the seeded stream, as text (both loaders accept it)."""
        value = (self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
        return f"{value:032x}"

    def take_rows(self) -> dict[str, list[tuple[Any, ...]]]:
        rows, self.rows = self.rows, {name: [] for name in TABLES}
        return rows

    def dossier(self, pk: int, code: str, arrival: Arrival) -> int:
        """Append the rows of one dossier; returns its final status."""
        return _Life(self, pk, code, arrival).run()


class _Life:
    def __init__(self, sim: Simulation, pk: int, code: str, arrival: Arrival) -> None:
        self.sim, self.pk, self.code, self.arrival = sim, pk, code, arrival
        directory = sim.directory
        self.procedure: ProcedureInfo = directory.procedures[arrival.procedure]
        self.case: CaseInfo = self.procedure.cases[arrival.case]
        self.handler = arrival.handler
        self.desk = directory.desk_of[arrival.handler]
        self.rng = sim.rng
        self.clock = sim.clock
        self.status: int | None = None
        self.status_before_pause: int | None = None
        # [id, position, name, role, agency, seconds, official, start, deadline, end, timeliness, hours,
        #  deadline offset]; offsets are office seconds (see clock.py)
        self.steps: list[list[Any]] = []
        self.current: list[Any] | None = None
        self.current_unit: int | None = None
        self.assignee: int | None = None
        self.involved = {self.desk, self.handler}
        self.due_offset: int | None = None
        self.due_at: datetime | None = None
        self.received_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.returned_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.timeliness = ""
        self.decision = ""
        self.result: tuple[str, str, date | None, str] = ("", "", None, "")
        self.return_method = ""
        self.updated_at: datetime | None = None
        self.components: list[int] = []
        self.open_pause: list[Any] | None = None

    # Helpers

    def pick(self, agency: int, role: str) -> Official:
        return self.rng.choice(self.sim.directory.staff[(agency, role)])

    def check(self, offset: int) -> None:
        if offset >= self.sim.now_offset:
            raise _Now

    def history(
        self,
        at: datetime,
        actor: int | None,
        action: str,
        from_status: int | None,
        *,
        to_unit: int | None = None,
        to_user: int | None = None,
        step: list[Any] | None = None,
        finished: list[Any] | None = None,
        reason: str = "",
    ) -> None:
        shown = step or finished
        self.sim.rows["history"].append(
            (
                self.sim._id("history"),
                self.pk,
                at,
                actor,
                action,
                from_status,
                self.status,
                finished[4] if finished else None,
                to_unit,
                to_user,
                shown[2] if shown else "",
                step[8] if step else None,
                finished[10] if finished else "",
                reason,
            )
        )
        self.updated_at = at

    def file(self, at: datetime, component: int | None, kind: str, sample: int, by: int | None) -> None:
        stored = self.sim.samples[sample]
        self.sim.rows["file"].append(
            (
                self.sim._id("file"),
                self.sim._uuid(),
                at,
                at,
                self.pk,
                component,
                kind,
                stored.name,
                stored.original_name,
                "application/pdf",
                stored.size,
                stored.sha256,
                by,
            )
        )

    def appointment(self, start: int) -> None:
        amount, unit = self.case.time_limit_amount, self.case.time_limit_unit
        if amount is None:
            self.due_offset, self.due_at = None, None
        elif unit == TimeLimitUnit.CALENDAR_DAYS:
            self.due_offset, self.due_at = self.clock.calendar_days_due(start, amount)
        else:
            span = amount * self.clock.daily if unit == TimeLimitUnit.WORKING_DAYS else amount * 3600
            self.due_offset = start + span
            self.due_at = self.clock.due(self.due_offset)

    def start(self, step: list[Any], official: Official, at_offset: int) -> None:
        step[6], step[7], step[12] = official, at_offset, at_offset + step[5]
        step[8] = self.clock.due(step[12]) if step[5] else self.clock.at(at_offset)
        step[9], step[10] = None, ""
        self.current, self.current_unit, self.assignee = step, official.unit_id, official.user_id
        self.involved.add(official.unit_id)

    def finish(self, step: list[Any], at_offset: int) -> None:
        step[9] = at_offset
        step[10] = _timeliness(self.clock.local_date(at_offset), step[8])

    # The life

    def run(self) -> int:
        sim, rng = self.sim, self.rng
        self.applicant = (
            people.enterprise(rng) if self.procedure.enterprise else people.person(rng, today=sim.today)
        )
        for template in self.case.components:
            component_id = sim._id("component")
            self.components.append(component_id)
            sim.rows["component"].append(
                (
                    component_id,
                    self.pk,
                    template.position,
                    template.name,
                    template.originals,
                    template.copies,
                    template.mandatory,
                )
            )
        with contextlib.suppress(_Now):
            self.live()
        emit(self)
        assert self.status is not None
        return self.status

    def live(self) -> None:
        _sim, rng, clock = self.sim, self.rng, self.clock
        officer = self.pick(self.desk, StaffRole.ONE_STOP_OFFICER)
        first_component = self.components[0] if self.components else None
        if self.arrival.channel == Channel.ONLINE:
            self.submitted_at = datetime.fromtimestamp(self.arrival.code_time, clock.zone)
            self.status = 1
            self.history(self.submitted_at, None, Action.SUBMIT_ONLINE, None, to_unit=self.desk)
            self.file(self.submitted_at, first_component, FileKind.SUBMISSION, SUBMISSION, None)
            if len(self.components) > 1:
                self.file(self.submitted_at, self.components[1], FileKind.SUBMISSION, IDENTITY, None)
            start = clock.offset_of(self.submitted_at) + rng.randint(600, 2 * clock.daily)
            self.check(start)
            if rng.random() < REFUSAL_RATE:
                self.status = 3
                self.closed_at = clock.at(start)
                reason = REASONS[Action.REFUSE_RECEPTION]
                self.history(self.closed_at, officer.user_id, Action.REFUSE_RECEPTION, 1, reason=reason)
                return
            action, from_status = Action.ACCEPT_ONLINE, 1
        else:
            start = self.arrival.office_offset
            self.submitted_at = clock.at(start)
            self.file(self.submitted_at, first_component, FileKind.SUBMISSION, SUBMISSION, officer.user_id)
            action, from_status = Action.RECEIVE, None
        self.receive(officer, start, action, from_status)

    def receive(self, officer: Official, start: int, action: str, from_status: int | None) -> None:
        sim, _rng, clock = self.sim, self.rng, self.clock
        self.received_at = clock.at(start)
        self.appointment(start)
        for index, template in enumerate(self.case.steps):
            agency = self.desk if index == 0 else self.handler
            self.steps.append(
                [
                    sim._id("step"),
                    template.position,
                    template.name,
                    template.role,
                    agency,
                    template.seconds,
                    None,
                    None,
                    None,
                    None,
                    "",
                    template.hours,
                    None,
                ]
            )
        self.start(self.steps[0], officer, start)
        self.status = 2
        self.history(
            self.received_at, officer.user_id, action, from_status, to_unit=self.desk, step=self.steps[0]
        )
        self.process(officer, start)

    def plan_durations(self, start: int, partner: bool) -> list[int]:
        weights = [step[5] for step in self.steps] + ([PARTNER_HOURS * 3600] if partner else [])
        total_weight = sum(weights) or 1
        budget = (self.due_offset - start) if self.due_offset is not None else total_weight
        share = self.rng.uniform(1.15, 1.9) if self.rng.random() < LATE_RATE else self.rng.uniform(0.2, 0.9)
        work = budget * share
        return [max(60, int(work * weight / total_weight)) for weight in weights]

    def process(self, officer: Official, start: int) -> None:
        rng = self.rng
        partner = None
        if len(self.steps) > 2 and rng.random() < TRANSFER_RATE:
            choices = [p for p in self.sim.directory.partners if p[0] not in (self.handler, self.desk)]
            partner = rng.choice(choices) if choices else None
        durations = self.plan_durations(start, partner is not None)
        partner_duration = durations.pop() if partner is not None else 0
        draw = rng.random()
        pause = (
            Action.REQUEST_SUPPLEMENT
            if draw < SUPPLEMENT_RATE
            else Action.REQUEST_FEES
            if draw < SUPPLEMENT_RATE + FEES_RATE
            else None
        )
        draw = rng.random()
        closing = (
            Action.WITHDRAW
            if draw < WITHDRAW_RATE
            else Action.STOP
            if draw < WITHDRAW_RATE + STOP_RATE
            else None
        )
        closing_step = rng.randrange(len(self.steps)) if closing else -1
        leaders = [i for i, step in enumerate(self.steps) if step[3] in LEADERS and i < len(self.steps) - 1]
        declining = self.steps[leaders[-1]] if leaders and rng.random() < DECLINE_RATE else None
        t = start
        index = 0
        while True:
            step = self.steps[index]
            duration = durations[index]
            if index == closing_step:
                self.close(closing, officer, t + duration // 3)
                return
            if index == 1 and pause is not None:
                t = self.pause(pause, step, officer, t, duration)
            else:
                t += duration
            self.check(t)
            self.finish(step, t)
            if index == len(self.steps) - 1:
                self.record_result(step, t)
                break
            if index == 1 and partner is not None and step[3] not in LEADERS:
                self.transfer(step, partner, t)
                durations.insert(2, partner_duration)
                partner = None
            else:
                self.hand_over(step, self.steps[index + 1], t, decline=step is declining)
            index += 1
        returned = t + rng.randint(600, 3 * self.clock.daily)
        self.check(returned)
        self.returned_at = self.closed_at = self.clock.at(returned)
        self.status = 10
        self.current_unit = None
        if self.arrival.channel == Channel.POSTAL:
            self.return_method = ReturnMethod.POST
        elif self.arrival.channel == Channel.ONLINE and rng.random() < 0.5:
            self.return_method = ReturnMethod.ONLINE
        else:
            self.return_method = ReturnMethod.COUNTER
        self.history(self.returned_at, officer.user_id, Action.RETURN_RESULT, 9)

    def hand_over(self, step: list[Any], following: list[Any], t: int, *, decline: bool) -> None:
        reason = ""
        if step[3] in LEADERS:
            action = Action.DECLINE if decline else Action.APPROVE
            self.decision = ResultDecision.DECLINED if decline else ResultDecision.APPROVED
            reason = REASONS[Action.DECLINE] if decline else ""
        elif step[4] not in (self.handler, self.desk):
            action = Action.TRANSFER_BACK
        else:
            action = Action.FORWARD
        official = self.pick(following[4], following[3])
        previous = self.status
        self.status = 4
        self.start(following, official, t)
        self.history(
            self.clock.at(t),
            step[6].user_id,
            action,
            previous,
            to_unit=official.unit_id,
            to_user=official.user_id,
            step=following,
            finished=step,
            reason=reason,
        )

    def transfer(self, step: list[Any], partner: tuple[int, Official], t: int) -> None:
        agency, official = partner
        for later in self.steps[2:]:
            later[1] += 1
        name = f"{PARTNER_STEP_PREFIX}{self.sim.directory.agencies[agency].name}"
        new = [
            self.sim._id("step"),
            step[1] + 1,
            name,
            StaffRole.SPECIALIST,
            agency,
            PARTNER_HOURS * 3600,
            None,
            None,
            None,
            None,
            "",
            PARTNER_HOURS,
            None,
        ]
        self.steps.insert(2, new)
        self.involved.add(agency)
        self.start(new, official, t)
        self.history(
            self.clock.at(t),
            step[6].user_id,
            Action.TRANSFER,
            4,
            to_unit=official.unit_id,
            to_user=official.user_id,
            step=new,
            finished=step,
            reason=REASONS[Action.TRANSFER],
        )

    def pause(self, action: str, step: list[Any], officer: Official, t: int, duration: int) -> int:
        clock = self.clock
        paused = t + duration // 2
        self.check(paused)
        supplement = action == Action.REQUEST_SUPPLEMENT
        reason = REASONS[action]
        components = [self.case.components[0].name] if supplement and self.case.components else []
        remaining = max(self.due_offset - paused, 0) if self.due_offset is not None else None
        pause_row = [
            self.sim._id("pause"),
            self.pk,
            PauseReason.SUPPLEMENT if supplement else PauseReason.FEES,
            clock.at(paused),
            None,
            reason,
            components,
            self.due_at,
            remaining,
            step[6].user_id,
        ]
        self.open_pause = pause_row
        self.status_before_pause, self.status = self.status, 5 if supplement else 6
        self.history(pause_row[3], step[6].user_id, action, 4, reason=reason)
        resumed = paused + self.rng.randint(clock.daily // 2, 8 * clock.daily)
        self.check(resumed)
        pause_row[4] = clock.at(resumed)
        self.open_pause = None
        self.sim.rows["pause"].append(tuple(pause_row))
        if self.due_offset is not None:
            if supplement and self.procedure.restart_on_supplement:
                self.appointment(resumed)
            else:
                assert remaining is not None
                self.due_offset = resumed + remaining
                self.due_at = clock.due(self.due_offset) if remaining else clock.at(resumed)
        left = max(step[12] - paused, 0)
        step[12] = resumed + left
        step[8] = clock.due(step[12]) if left else clock.at(resumed)
        self.status, self.status_before_pause = self.status_before_pause, None
        confirm = Action.REGISTER_SUPPLEMENT if supplement else Action.CONFIRM_FEES
        if supplement and self.components:
            self.file(pause_row[4], self.components[0], FileKind.SUPPLEMENT, SUPPLEMENT, officer.user_id)
        self.history(pause_row[4], officer.user_id, confirm, 5 if supplement else 6)
        return resumed + (duration - duration // 2)

    def record_result(self, step: list[Any], t: int) -> None:
        clock = self.clock
        self.finished_at = clock.at(t)
        self.timeliness = _timeliness(clock.local_date(t), self.due_at)
        self.decision = self.decision or ResultDecision.APPROVED
        head = self.sim.directory.staff.get((self.handler, StaffRole.AGENCY_HEAD)) or [step[6]]
        self.result = (f"{self.pk}/KQ", head[0].full_name, clock.local_date(t), self.procedure.result_summary)
        self.current, self.assignee, self.current_unit = None, None, self.desk
        self.status = 9
        self.file(self.finished_at, None, FileKind.RESULT, RESULT, step[6].user_id)
        self.history(self.finished_at, step[6].user_id, Action.RECORD_RESULT, 4, finished=step)

    def close(self, action: str | None, officer: Official, t: int) -> None:
        self.check(t)
        at = self.clock.at(t)
        withdraw = action == Action.WITHDRAW
        actor = officer if withdraw else self.pick(self.handler, StaffRole.AGENCY_HEAD)
        previous = self.status
        self.status = 7 if withdraw else 8
        self.closed_at = at
        if withdraw:
            self.finished_at = at
            self.timeliness = _timeliness(self.clock.local_date(t), self.due_at)
        self.current, self.assignee, self.current_unit = None, None, None
        self.history(
            at, actor.user_id, action or Action.STOP, previous, reason=REASONS[action or Action.STOP]
        )
