"""An inbox row read as plain values shows its handler as a user shows itself."""

import uuid

from cqdt.dossiers.selectors import InboxRow

ROW = (1, "CODE", 4, "online", "Hoàng Văn Thụ", None, None, None, "2.000488", "Cấp phiếu", "Bước", None)


def test_the_handler_by_full_name_else_user_name_and_none_without_one() -> None:
    handled = InboxRow(*ROW, uuid.uuid4(), "", "lan.nguyen")
    named = InboxRow(*ROW, uuid.uuid4(), "Nguyễn Thị Lan", "lan.nguyen")
    nobody = InboxRow(*ROW, None, None, None)
    assert (handled.assignee_name, named.assignee_name, nobody.assignee_name) == (
        "lan.nguyen",
        "Nguyễn Thị Lan",
        None,
    )
