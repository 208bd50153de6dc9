"""What an applicant does to a submitted dossier: supplement it online and rate how it was handled."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cqdt.accounts.models import User
from cqdt.core.audit import audit_record
from cqdt.dossiers.models import Dossier
from cqdt.dossiers.services import dossier_submit_supplement
from cqdt.portal import access
from cqdt.portal.models import Rating
from cqdt.portal.rating import ITEMS, index_score


def supplement_submit(
    *, user: User, dossier: Dossier, uploads: dict[str, list[Any]], note: str = ""
) -> Dossier:
    """The applicant sends what was asked for; the back office checks the files and resumes the clock."""
    if access.open_supplement_request(dossier) is None:
        raise ValidationError("Hồ sơ không có yêu cầu bổ sung nào đang chờ.")
    uploads = {code: files for code, files in uploads.items() if files}
    return dossier_submit_supplement(applicant_user=user, dossier=dossier, uploads=uploads, note=note.strip())


@transaction.atomic
def rating_submit(*, user: User, dossier: Dossier, scores: dict[int, int], comment: str = "") -> Rating:
    """Store the 11-item evaluation once per dossier, by its applicant, after the result."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.applicant_user_id != user.pk:
        raise ValidationError("Bạn không phải chủ hồ sơ này.")
    if not access.may_rate(dossier):
        raise ValidationError("Chỉ đánh giá được khi hồ sơ đã có kết quả giải quyết.")
    if Rating.objects.filter(dossier=dossier).exists():
        raise ValidationError("Hồ sơ này đã được đánh giá.")
    errors = {
        f"item_{item.number}": ["Vui lòng chọn một mức đánh giá."]
        for item in ITEMS
        if scores.get(item.number) not in (0, 1, 2)
    }
    if errors:
        raise ValidationError(errors)
    clean = {str(item.number): scores[item.number] for item in ITEMS}
    rating = Rating.objects.create(
        dossier=dossier,
        user=user,
        scores=clean,
        index_score=index_score(clean),
        satisfaction=clean["11"],
        comment=comment.strip()[:2000],
    )
    audit_record(
        actor=user,
        action="portal.rating_submit",
        obj=rating,
        agency_code=dossier.handling_agency.identifier_code if dossier.handling_agency_id else "",
        after={
            "dossier": dossier.code,
            "index_score": rating.index_score,
            "satisfaction": rating.satisfaction,
        },
    )
    return rating
