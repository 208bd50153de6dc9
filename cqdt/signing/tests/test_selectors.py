"""Which certificates a user may sign with, in one query; and the record of a signed file."""

import hashlib

import pytest

from cqdt.accounts.models import StaffRole
from cqdt.accounts.services import staff_assign
from cqdt.accounts.tests.factories import StaffUserFactory
from cqdt.agencies.tests.factories import AgencyFactory
from cqdt.signing.selectors import certificate_list_usable_by, signature_events_for_document
from cqdt.signing.services import certificate_deactivate

pytestmark = pytest.mark.django_db


def test_owner_sees_own_certificate_and_head_sees_the_seal(leader, leader_certificate, seal_certificate):
    assert list(certificate_list_usable_by(user=leader)) == [leader_certificate, seal_certificate]


def test_clerk_in_a_unit_below_sees_only_the_seal(clerk, leader_certificate, seal_certificate):
    assert list(certificate_list_usable_by(user=clerk)) == [seal_certificate]


def test_others_see_nothing(leader_certificate, seal_certificate, justice):
    outsider = StaffUserFactory(username="nguoingoai")
    other_agency = AgencyFactory(name="Sở Y tế")
    staff_assign(actor=None, user=outsider, unit=other_agency, role=StaffRole.CLERK)
    head_of_unit = StaffUserFactory(username="truongphong")
    unit = AgencyFactory(name="Phòng Hành chính tư pháp", parent=justice)
    staff_assign(actor=None, user=head_of_unit, unit=unit, role=StaffRole.AGENCY_HEAD)
    assert list(certificate_list_usable_by(user=outsider)) == []
    assert list(certificate_list_usable_by(user=head_of_unit)) == []


def test_deactivated_certificates_are_not_listed(leader, leader_certificate, seal_certificate):
    certificate_deactivate(actor=None, certificate=leader_certificate)
    assert list(certificate_list_usable_by(user=leader)) == [seal_certificate]


def test_listing_is_one_query(leader, leader_certificate, seal_certificate, django_assert_num_queries):
    with django_assert_num_queries(1):
        listed = list(certificate_list_usable_by(user=leader))
        assert [c.owner_agency.name if c.owner_agency else c.owner_user.full_name for c in listed] == [
            "Lăng Văn Hùng",
            "Sở Tư pháp",
        ]


def test_signature_event_by_document_hash(signed_by_leader, leader):
    (event,) = signature_events_for_document(sha256=hashlib.sha256(signed_by_leader).hexdigest().upper())
    assert event.signed_by == leader
    assert event.certificate.common_name == "Lăng Văn Hùng"
