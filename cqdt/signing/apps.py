from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "cqdt.signing"
    label = "signing"
    verbose_name = "Ký số"
