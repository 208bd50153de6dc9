"""Factories for the agency directory; agencies are created through the services so paths are right."""

from typing import Any

import factory

from cqdt.agencies.models import (
    AdministrativeUnit,
    AdministrativeUnitKind,
    Agency,
    AgencyKind,
    GovernmentLevel,
)
from cqdt.agencies.services import administrative_unit_create, agency_create


class AgencyFactory(factory.Factory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm {n}")
    level = GovernmentLevel.PROVINCE
    kind = AgencyKind.UNIT
    parent = None

    @classmethod
    def _create(cls, model_class: type[Agency], *args: Any, **kwargs: Any) -> Agency:
        return agency_create(actor=None, **kwargs)


class AdministrativeUnitFactory(factory.Factory):
    class Meta:
        model = AdministrativeUnit

    statistical_code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = AdministrativeUnitKind.COMMUNE

    @classmethod
    def _create(cls, model_class: type[AdministrativeUnit], *args: Any, **kwargs: Any) -> AdministrativeUnit:
        return administrative_unit_create(actor=None, **kwargs)
