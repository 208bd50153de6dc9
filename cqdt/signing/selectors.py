"""Reads for signing: which certificates a user may sign with, and the record of a signed file."""

from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from cqdt.accounts.access import active_assignments
from cqdt.accounts.models import StaffRole
from cqdt.signing.models import Certificate, SignatureEvent


def certificate_list_usable_by(*, user: Any) -> QuerySet[Certificate]:
    """Active, unexpired certificates `user` may sign with: their own, and the seals of agencies where they
    are the clerk (in the agency or a unit under it) or the head. The rule of `access.py`, in one query."""
    assignments = active_assignments(user=user)
    seal_holder = assignments.filter(
        Q(role=StaffRole.CLERK, unit__path__startswith=OuterRef("owner_agency__path"))
        | Q(role=StaffRole.AGENCY_HEAD, unit=OuterRef("owner_agency"))
    )
    now = timezone.now()
    owned = Q(owner_user=user) if getattr(user, "pk", None) else Q(pk__in=[])
    return (
        Certificate.objects.filter(is_active=True, not_before__lte=now, not_after__gt=now)
        .filter(owned | (Q(owner_agency__isnull=False) & Exists(seal_holder)))
        .select_related("owner_user", "owner_agency")
        .order_by(F("owner_agency_id").asc(nulls_first=True), "common_name")  # own certificates first
    )


def signature_events_for_document(*, sha256: str) -> QuerySet[SignatureEvent]:
    """The signatures made here that produced the file with this SHA-256 (at most one in practice)."""
    return SignatureEvent.objects.filter(document_sha256_after=sha256.lower()).select_related(
        "certificate", "signed_by"
    )
