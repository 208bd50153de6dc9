from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cqdt.portal"
    label = "portal"
    verbose_name = "Cổng dịch vụ công"
