from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "cqdt.catalog"
    label = "catalog"
    verbose_name = "CSDL thủ tục hành chính"
