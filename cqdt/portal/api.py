"""The public tracking lookup as JSON, for mobile apps, kiosks and partner portals: POST /api/v1/tracking.

The same rules as the /tra-cuu/ page: the dossier code plus the last 4 digits of the applicant's phone or ID
number, the same answer for a wrong code and wrong digits, and a limited number of attempts per address.
"""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from cqdt.core.errors import ProblemError
from cqdt.core.json_renderer import rendered_as_built
from cqdt.portal import access
from cqdt.portal.timeline import timeline_entries

router = Router(auth=None, tags=["Tra cứu hồ sơ (công khai)"])


class TrackingIn(Schema):
    code: str = Field(min_length=1, max_length=40, description="Mã hồ sơ trên giấy tiếp nhận")
    digits: str = Field(
        pattern=r"^\d{4}$", description="4 chữ số cuối của số điện thoại hoặc số định danh cá nhân"
    )


class TimelineEntryOut(Schema):
    at: datetime
    text: str
    detail: str


class TrackingOut(Schema):
    code: str
    procedure: str
    agency: str
    status: int
    status_label: str
    received_at: datetime | None
    appointment_at: datetime | None
    timeline: list[TimelineEntryOut]


@router.post(
    "",
    response={200: TrackingOut},
    summary="Tra cứu tình trạng hồ sơ bằng mã hồ sơ và 4 chữ số",
    openapi_extra={"responses": {404: {"description": "Không khớp"}, 429: {"description": "Quá nhiều lần"}}},
)
def track(request: HttpRequest, payload: TrackingIn) -> HttpResponse:
    try:
        snapshot = access.access_tracked_dossier(
            ip_address=access.client_ip(request), code=payload.code, digits=payload.digits
        )
    except access.TrackingRefusedError as refused:
        title = "Quá nhiều lần tra cứu" if refused.status == 429 else "Không tìm thấy hồ sơ"
        raise ProblemError(refused.status, title, refused.message) from None
    # Rendered as built, in TrackingOut's shape: the most frequent request of all, answered from a cached
    # snapshot, spent a sixth of its time having ninja validate what this function had just made
    # (test_tracking_api.py checks that validating would change nothing).
    return rendered_as_built(
        {
            "code": snapshot.code,
            "procedure": snapshot.procedure_name,
            "agency": snapshot.agency_name,
            "status": snapshot.status,
            "status_label": snapshot.status_label,
            "received_at": snapshot.received_at,
            "appointment_at": snapshot.appointment_at,
            "timeline": [
                {"at": entry.at, "text": entry.text, "detail": entry.detail}
                for entry in timeline_entries(snapshot.events)
            ],
        }
    )
