"""`cqdt demo` seeds a whole province, and a second run adds nothing."""

import pytest
from django.contrib.auth import get_user_model

from cqdt.agencies.models import Agency
from cqdt.catalog.models import Procedure
from cqdt.demo.seed import seed_demo_province
from cqdt.dossiers.models import Dossier, DossierHistory


@pytest.mark.django_db
def test_demo_province_is_seeded_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    accounts = seed_demo_province()
    counts = (
        Agency.objects.count(),
        get_user_model().objects.count(),
        Procedure.objects.count(),
        Dossier.objects.count(),
        DossierHistory.objects.count(),
    )
    assert sorted(Dossier.objects.values_list("status", flat=True)) == [2, 4, 4, 4, 5, 9, 10]
    assert len(accounts) == 19
    assert {a.username for a in accounts} >= {"admin", "tamthanh.motcua", "tamthanh.lanhdao", "stp.vanthu"}

    seed_demo_province()
    assert (
        Agency.objects.count(),
        get_user_model().objects.count(),
        Procedure.objects.count(),
        Dossier.objects.count(),
        DossierHistory.objects.count(),
    ) == counts
