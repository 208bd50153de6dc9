"""The final rows of a replayed dossier (lifecycle.py replays it; this writes what is left at the end)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from cqdt.core.text import fold_diacritics
from cqdt.generate.directory import Official

if TYPE_CHECKING:
    from cqdt.generate.lifecycle import _Life


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return fold_diacritics(text)


def emit(life: _Life) -> None:
    """Append the final rows of one replayed dossier: its pause, steps, involved units and itlife."""
    sim = life.sim
    if life.open_pause is not None:
        sim.rows["pause"].append(tuple(life.open_pause))
    for step in life.steps:
        official: Official | None = step[6]
        sim.rows["step"].append(
            (
                step[0],
                life.pk,
                step[1],
                step[2],
                step[3],
                step[4],
                step[11],
                official.user_id if official else None,
                life.clock.at(step[7]) if step[7] is not None else None,
                step[8],
                life.clock.at(step[9]) if step[9] is not None else None,
                step[10],
                None,
            )
        )
    for unit in sorted(life.involved):
        sim.rows["involved"].append((sim._id("involved"), life.pk, unit))
    applicant, agency = life.applicant, sim.directory.agencies[life.handler]
    number, signer, issued, summary = life.result
    search = f"{life.code.lower()} {_fold(applicant.name)} {applicant.id_number} {life.procedure.folded_name}"
    created = life.submitted_at
    sim.rows["dossier"].append(
        (
            life.pk,
            sim._uuid(),
            created,
            life.updated_at or created,
            life.code,
            "",
            life.procedure.id,
            life.case.id,
            life.desk,
            life.handler,
            life.arrival.channel,
            life.status,
            life.status_before_pause,
            applicant.kind,
            applicant.name,
            applicant.id_number,
            applicant.birth_date,
            agency.address_unit_id,
            agency.address,
            applicant.phone,
            "",
            None,
            {},
            life.procedure.name[:500],
            {},
            1,
            life.submitted_at,
            life.received_at,
            life.due_at,
            None,
            life.finished_at,
            life.returned_at,
            life.closed_at,
            life.timeliness,
            None,
            life.current[0] if life.current else None,
            life.current_unit,
            life.assignee,
            life.decision,
            number,
            signer,
            issued,
            summary,
            life.return_method,
            "",
            search,
        )
    )
