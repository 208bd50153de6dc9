from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "cqdt.agencies"
    label = "agencies"
    verbose_name = "Danh bạ cơ quan"
