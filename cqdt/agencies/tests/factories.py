"""Factories for the agency directory; agencies are created through the services so paths are right."""

from typing import TYPE_CHECKING, Any

import factory

from cqdt.agencies.models import (
    AdministrativeUnit,
    AdministrativeUnitKind,
    Agency,
    AgencyKind,
    GovernmentLevel,
)
from cqdt.agencies.services import administrative_unit_create, agency_create


class AgencyFactory(factory.Factory[Agency]):
    class Meta:
        model = Agency

    if TYPE_CHECKING:
        # Calling a factory returns the created object (the factory metaclass does it).
        def __new__(cls, *args: Any, **kwargs: Any) -> Agency: ...  # type: ignore[misc]

    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm {n}")
    level = GovernmentLevel.PROVINCE
    kind = AgencyKind.UNIT
    parent = None

    @classmethod
    def _create(cls, model_class: type[Agency], *args: Any, **kwargs: Any) -> Agency:
        return agency_create(actor=None, **kwargs)


class AdministrativeUnitFactory(factory.Factory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit

    if TYPE_CHECKING:

        def __new__(cls, *args: Any, **kwargs: Any) -> AdministrativeUnit: ...  # type: ignore[misc]

    statistical_code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = AdministrativeUnitKind.COMMUNE

    @classmethod
    def _create(cls, model_class: type[AdministrativeUnit], *args: Any, **kwargs: Any) -> AdministrativeUnit:
        return administrative_unit_create(actor=None, **kwargs)
