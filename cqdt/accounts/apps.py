from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cqdt.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
