"""Where the CPU went during a measurement: the web server, PostgreSQL, the load generator, the rest.

Read from /proc/<pid>/stat: the user + system ticks of every process at the start and at the end, plus the
CPU of this runner's children that ended in between (a wrk run ends with its measurement). The server's
workers and PostgreSQL's backends live through the whole measurement.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Sample:
    ticks: dict[int, tuple[str, int, int]]  # pid → (command, parent pid, user + system ticks)
    children_seconds: float  # CPU of this runner's children that have ended (wrk runs end with them)


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
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Sample(ticks, ended.ru_utime + ended.ru_stime)


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
    spent["load"] += after.children_seconds - before.children_seconds
    return {role: round(seconds, 2) for role, seconds in spent.items()}
