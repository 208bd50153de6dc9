"""An open dossier's appointment state, and the warning horizon computed only when it decides the state."""

from dataclasses import dataclass
from datetime import datetime

import pytest

from cqdt.dossiers.deadlines import DeadlineClock, warning_horizon
from cqdt.dossiers.status import DossierStatus
from cqdt.dossiers.tests.conftest import vn
from cqdt.dossiers.workspace_queries import deadline_state

pytestmark = pytest.mark.django_db  # the horizon reads the calendar's overrides

NOW = vn(2026, 3, 2, 9, 0)  # Monday; 8 working hours later is Tuesday 09:00


@dataclass(frozen=True)
class Appointment:
    status: int
    due_at: datetime | None


@pytest.mark.parametrize(
    ("status", "due_at", "state", "horizon_computed"),
    [
        (DossierStatus.RETURNED, vn(2026, 3, 1, 9, 0), "", False),
        (DossierStatus.PROCESSING, None, "", False),
        (DossierStatus.PROCESSING, vn(2026, 3, 2, 8, 59), "overdue", False),
        (DossierStatus.PROCESSING, vn(2026, 3, 3, 9, 0), "near", True),
        (DossierStatus.PROCESSING, vn(2026, 3, 3, 9, 1), "", True),
    ],
)
def test_the_state_and_when_the_horizon_is_needed(status, due_at, state, horizon_computed):
    clock = DeadlineClock(NOW)
    assert deadline_state(Appointment(status, due_at), clock) == state
    assert ("horizon" in vars(clock)) is horizon_computed
    assert warning_horizon(NOW) == vn(2026, 3, 3, 9, 0)
