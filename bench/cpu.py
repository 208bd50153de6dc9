"""Where the CPU went during a measurement: the web server, PostgreSQL, the load generator, the rest.

Read from /proc/<pid>/stat: the user + system ticks of every process at the start and at the end. A process
that ends in between is missed; the ones measured here (the server's workers, PostgreSQL's backends, wrk and
this runner) live through the whole measurement.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    ticks: dict[int, tuple[str, int, int]]  # pid → (command, parent pid, user + system ticks)


def sample() -> Sample:
    ticks = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        command = text[text.index("(") + 1 : text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        ticks[int(stat.parent.name)] = (command, int(fields[1]), int(fields[11]) + int(fields[12]))
    return Sample(ticks)


def seconds_by_role(before: Sample, after: Sample, server_pid: int) -> dict[str, float]:
    """CPU seconds spent between the samples by: web (the server and its workers), database, load, other."""
    spent = {"web": 0.0, "database": 0.0, "load": 0.0, "other": 0.0}
    for pid, (command, parent, ticks) in after.ticks.items():
        used = (ticks - before.ticks.get(pid, (command, parent, 0))[2]) / TICK
        if pid == server_pid or parent == server_pid:
            role = "web"
        elif command == "postgres":
            role = "database"
        elif pid == os.getpid() or command == "wrk":
            role = "load"
        else:
            role = "other"
        spent[role] += used
    return {role: round(seconds, 2) for role, seconds in spent.items()}
