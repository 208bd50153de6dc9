"""Who may see and do what on the portal: own drafts, own dossiers, result files, public tracking.

Everything that is not the actor's own answers 404, so a guessed code or id reveals nothing.
"""

import hmac
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest

from cqdt.accounts.models import UserKind
from cqdt.core.cache import count_in_window
from cqdt.dossiers.models import Dossier, DossierFile, DossierPause, FileKind, PauseReason
from cqdt.dossiers.selectors import TrackingSnapshot, dossier_tracking_snapshot
from cqdt.dossiers.status import DossierStatus
from cqdt.portal.models import CitizenProfile, Draft, SignUpMethod

NOT_FOUND = "Không tìm thấy hồ sơ hoặc bạn không có quyền xem hồ sơ này."
WITH_RESULT = frozenset({DossierStatus.RESOLVED, DossierStatus.RETURNED})
CITIZEN_KINDS = frozenset({UserKind.CITIZEN, UserKind.ORGANISATION})


def is_citizen(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "kind", None) in CITIZEN_KINDS


def may_submit(user: Any) -> bool:
    """Citizens and organisations; an account registered by e-mail once the address is verified."""
    if not is_citizen(user):
        return False
    profile = CitizenProfile.objects.filter(user=user).only("sign_up_method", "email_verified_at").first()
    if profile is None:
        return True
    return profile.sign_up_method != SignUpMethod.EMAIL or profile.email_verified_at is not None


def access_draft(*, user: Any, draft_id: Any) -> Draft:
    if not is_citizen(user):
        raise Http404("Không tìm thấy hồ sơ nháp.")
    draft = (
        Draft.objects.filter(public_id=draft_id, user=user)
        .select_related("case__procedure", "handling_agency")
        .prefetch_related("files")
        .first()
    )
    if draft is None:
        raise Http404("Không tìm thấy hồ sơ nháp.")
    return draft


def own_dossiers(user: Any) -> Any:
    if not is_citizen(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(applicant_user=user)


def access_own_dossier(*, user: Any, code: str) -> Dossier:
    dossier = (
        own_dossiers(user).filter(code=code).select_related("procedure", "case", "handling_agency").first()
    )
    if dossier is None:
        raise Http404(NOT_FOUND)
    return dossier


def may_download_results(dossier: Dossier) -> bool:
    return dossier.status in WITH_RESULT


def access_result_file(*, user: Any, code: str, file_id: Any) -> DossierFile:
    """A result file of the actor's own dossier, once the result exists; 404 for anything else."""
    dossier = access_own_dossier(user=user, code=code)
    if not may_download_results(dossier):
        raise Http404(NOT_FOUND)
    found = DossierFile.objects.filter(dossier=dossier, public_id=file_id, kind=FileKind.RESULT).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def open_supplement_request(dossier: Dossier) -> DossierPause | None:
    if dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        return None
    return dossier.pauses.filter(ended_at__isnull=True, reason=PauseReason.SUPPLEMENT).first()


def may_rate(dossier: Dossier) -> bool:
    return dossier.status in WITH_RESULT


_NO_MATCH = "\x00\x00\x00\x00"
NO_MATCH = (
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 chữ số đã nhập. Vui lòng kiểm tra lại mã trên giấy "
    "tiếp nhận và 4 chữ số cuối của số điện thoại hoặc số định danh cá nhân đã khai khi nộp hồ sơ."
)
TOO_MANY = "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."


def tracking_allows(snapshot: TrackingSnapshot | None, digits: str) -> bool:
    """Whether `digits` are the last 4 of the applicant's phone or ID number; the same work either way."""
    given = digits.strip()
    phone = snapshot.phone_digits if snapshot else ""
    identity = snapshot.id_number_digits if snapshot else ""
    valid_input = len(given) == 4 and given.isdigit()
    by_phone = hmac.compare_digest((phone or _NO_MATCH).encode(), given.encode())
    by_identity = hmac.compare_digest((identity or _NO_MATCH).encode(), given.encode())
    return snapshot is not None and valid_input and (by_phone or by_identity)


def _rate_limit() -> tuple[int, int]:
    limit, _, window = str(getattr(settings, "CQDT_TRACKING_RATE_LIMIT", "20/600")).partition("/")
    return int(limit), int(window or 600)


def client_ip(request: HttpRequest) -> str:
    """The peer address as the server sees it (behind a reverse proxy, it must pass the client's)."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def tracking_attempt(ip_address: str) -> bool:
    """Count one tracking attempt from `ip_address`; False once the address used up its allowance."""
    limit, window = _rate_limit()
    return count_in_window(f"portal:tracking:{ip_address}", window) <= limit


class TrackingRefusedError(Exception):
    """A lookup that shows nothing: 429 when the address used up its attempts, 404 when nothing matches."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def access_tracked_dossier(*, ip_address: str, code: str, digits: str) -> TrackingSnapshot:
    """The rules of public tracking, for the page and the API alike: count the attempt, then show the
    dossier only if the digits match; the same refusal for a wrong code and for wrong digits."""
    if not tracking_attempt(ip_address):
        raise TrackingRefusedError(429, TOO_MANY)
    snapshot = dossier_tracking_snapshot(code=code)
    if snapshot is None or not tracking_allows(snapshot, digits):
        raise TrackingRefusedError(404, NO_MATCH)
    return snapshot
