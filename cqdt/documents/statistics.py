"""Statistics of one agency over a period (Vietnam dates): documents in and out per month, the share
received electronically, the share signed digitally, and the handling of assignments against deadlines."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from cqdt.agencies.models import Agency
from cqdt.core.calendar import legal_time_zone
from cqdt.documents.models import IncomingDocument, OutgoingDocument
from cqdt.documents.status import INCOMING_OPEN, Channel, IncomingStatus, OutgoingStatus, SignatureKind

ISSUED_STATES = (OutgoingStatus.ISSUED, OutgoingStatus.RECALLED, OutgoingStatus.REPLACED)


@dataclass(frozen=True)
class MonthRow:
    month: date
    incoming: int
    outgoing: int


@dataclass(frozen=True)
class DocumentStatistics:
    agency: Agency
    start: date
    end: date
    incoming: int
    incoming_electronic: int
    outgoing: int
    outgoing_signed_digitally: int
    completed_on_time: int
    completed_late: int
    open_in_time: int
    open_overdue: int
    months: list[MonthRow]

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def electronic_share(self) -> float | None:
        """Percentage of incoming documents received electronically (None when there were none)."""
        return self._share(self.incoming_electronic, self.incoming)

    @property
    def signed_share(self) -> float | None:
        """Percentage of issued documents signed digitally."""
        return self._share(self.outgoing_signed_digitally, self.outgoing)

    @property
    def overdue(self) -> int:
        return self.completed_late + self.open_overdue


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=legal_time_zone())


def _first_day(month: date | datetime) -> date:
    return month.astimezone(legal_time_zone()).date() if isinstance(month, datetime) else month


def documents_statistics(*, agency: Agency, start: date, end: date, today: date) -> DocumentStatistics:
    """Counts for `agency` from `start` to `end` inclusive; open assignments are judged at
    min(`end`, `today`). Four queries."""
    if end < start:
        raise ValueError("end before start")
    since, until = _moment(start), _moment(end + timedelta(days=1))
    incoming = IncomingDocument.objects.filter(
        agency=agency, registered_at__gte=since, registered_at__lt=until
    ).aggregate(total=Count("pk"), electronic=Count("pk", filter=Q(channel=Channel.ELECTRONIC)))
    outgoing = OutgoingDocument.objects.filter(
        agency=agency, status__in=ISSUED_STATES, issued_on__gte=start, issued_on__lte=end
    ).aggregate(total=Count("pk"), digital=Count("pk", filter=Q(signature_kind=SignatureKind.DIGITAL)))
    judged_on = min(end, today)
    completed = Q(status=IncomingStatus.COMPLETED, completed_at__gte=since, completed_at__lt=until)
    assignments = IncomingDocument.objects.filter(agency=agency, directed_at__lt=until).aggregate(
        on_time=Count("pk", filter=completed & Q(completed_late=False)),
        late=Count("pk", filter=completed & Q(completed_late=True)),
        open_in_time=Count(
            "pk",
            filter=Q(status__in=INCOMING_OPEN) & (Q(deadline__isnull=True) | Q(deadline__gte=judged_on)),
        ),
        open_overdue=Count("pk", filter=Q(status__in=INCOMING_OPEN, deadline__lt=judged_on)),
    )
    zone = legal_time_zone()
    per_month_in = dict(
        IncomingDocument.objects.filter(agency=agency, registered_at__gte=since, registered_at__lt=until)
        .annotate(month=TruncMonth("registered_at", tzinfo=zone))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    per_month_out = dict(
        OutgoingDocument.objects.filter(
            agency=agency, status__in=ISSUED_STATES, issued_on__gte=start, issued_on__lte=end
        )
        .annotate(month=TruncMonth("issued_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    incoming_by_month = {_first_day(month): count for month, count in per_month_in.items()}
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        months.append(
            MonthRow(
                month=cursor, incoming=incoming_by_month.get(cursor, 0), outgoing=per_month_out.get(cursor, 0)
            )
        )
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return DocumentStatistics(
        agency=agency,
        start=start,
        end=end,
        incoming=incoming["total"],
        incoming_electronic=incoming["electronic"],
        outgoing=outgoing["total"],
        outgoing_signed_digitally=outgoing["digital"],
        completed_on_time=assignments["on_time"],
        completed_late=assignments["late"],
        open_in_time=assignments["open_in_time"],
        open_overdue=assignments["open_overdue"],
        months=months,
    )
