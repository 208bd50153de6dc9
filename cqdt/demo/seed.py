"""The demo province: directory, staff for every role and a real procedure catalogue (idempotent)."""

from rich.console import Console
from rich.table import Table

from cqdt.demo.documents import seed_demo_documents
from cqdt.demo.dossiers import seed_demo_dossiers
from cqdt.demo.procedures import seed_procedures
from cqdt.demo.province import DemoAccount, seed_demo_staff, seed_lang_son_directory
from cqdt.demo.signing import print_demo_signing, seed_demo_signing


def seed_demo_province() -> list[DemoAccount]:
    seed_lang_son_directory()
    accounts = seed_demo_staff()
    seed_demo_signing()
    seed_procedures()
    seed_demo_documents()
    seed_demo_dossiers()
    return accounts


def print_demo_accounts(accounts: list[DemoAccount], console: Console | None = None) -> None:
    table = Table(title="Tài khoản demo — http://127.0.0.1:8000/admin/")
    for column in ("Tên đăng nhập", "Mật khẩu", "Họ và tên", "Vai trò", "Đơn vị"):
        table.add_column(column, no_wrap=column in ("Tên đăng nhập", "Mật khẩu"))
    for account in accounts:
        table.add_row(
            account.username, account.password, account.full_name, account.role_label, account.unit_name
        )
    console = console or Console(width=max(Console().width, 130))
    console.print(table)
    print_demo_signing(console)
