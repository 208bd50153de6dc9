"""How a person is shown, from a user and from plain values alike."""

from cqdt.accounts.models import User, shown_name


def test_the_full_name_else_the_user_name() -> None:
    assert str(User(username="lan.nguyen", full_name="Nguyễn Thị Lan")) == "Nguyễn Thị Lan"
    assert str(User(username="lan.nguyen", full_name="")) == "lan.nguyen"
    assert shown_name("", "lan.nguyen") == "lan.nguyen"
    assert shown_name("Nguyễn Thị Lan", "lan.nguyen") == "Nguyễn Thị Lan"
