"""Factories for staff accounts; created through the services like real ones."""

from typing import TYPE_CHECKING, Any

import factory

from cqdt.accounts.models import User
from cqdt.accounts.services import staff_user_create

PASSWORD = "CqdtTest@2026"


class StaffUserFactory(factory.Factory[User]):
    class Meta:
        model = User

    if TYPE_CHECKING:
        # Calling a factory returns the created object (the factory metaclass does it).
        def __new__(cls, *args: Any, **kwargs: Any) -> User: ...  # type: ignore[misc]

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ Thử Nghiệm {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@demo.cqdt.invalid")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return staff_user_create(actor=None, **kwargs)
