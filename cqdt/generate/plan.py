"""Who files what, where, when: the arrivals of the whole run, in the order their codes are handed out.

Planning all arrivals first (a few small tuples each) lets the generator give primary keys and the
per-unit daily numbers in chronological order, as live receptions would, and then replay each dossier's
life independently.
"""

from __future__ import annotations

import random
from datetime import datetime
from itertools import accumulate
from typing import NamedTuple

from cqdt.dossiers.models import Channel
from cqdt.generate.clock import OfficeClock
from cqdt.generate.directory import Directory

POSTAL_SHARE = 0.03  # of the dossiers not filed online


class Arrival(NamedTuple):
    code_time: float  # POSIX time the code is handed out: reception at the desk or online submission
    procedure: int  # index in Directory.procedures
    case: int  # index in ProcedureInfo.cases
    handler: int  # handling agency id
    channel: str
    office_offset: int  # reception at the desk (counter, post); -1 for an online submission


def handler_weights(directory: Directory, rng: random.Random) -> dict[int, float]:
    """A fixed "population" per handling agency, so communes differ in size as they do in life."""
    handlers = sorted({h for p in directory.procedures for h in p.handlers})
    return {h: round(rng.uniform(0.4, 2.5), 3) for h in handlers}


def plan_arrivals(
    *,
    directory: Directory,
    clock: OfficeClock,
    rng: random.Random,
    count: int,
    since: datetime,
    now: datetime,
) -> list[Arrival]:
    weights = directory.handler_weights or handler_weights(directory, rng)
    directory.handler_weights = weights
    procedures = directory.procedures
    cumulative = list(accumulate(p.weight for p in procedures))
    handler_cumulative = [list(accumulate(weights[h] for h in p.handlers)) for p in procedures]
    first_office = clock.offset_of(since)
    last_office = clock.offset_of(now)
    if last_office <= first_office:
        raise ValueError("Khoảng thời gian sinh dữ liệu không có giờ làm việc nào.")
    start, end = since.timestamp(), now.timestamp()
    arrivals: list[Arrival] = []
    for index in rng.choices(range(len(procedures)), cum_weights=cumulative, k=count):
        procedure = procedures[index]
        case = rng.randrange(len(procedure.cases))
        handler = rng.choices(procedure.handlers, cum_weights=handler_cumulative[index])[0]
        if rng.random() < procedure.online_share:
            moment = rng.uniform(start, end)
            arrivals.append(Arrival(moment, index, case, handler, Channel.ONLINE, -1))
            continue
        channel = Channel.POSTAL if rng.random() < POSTAL_SHARE else Channel.IN_PERSON
        offset = rng.randrange(first_office, last_office)
        arrivals.append(Arrival(clock.at(offset).timestamp(), index, case, handler, channel, offset))
    arrivals.sort()
    return arrivals
