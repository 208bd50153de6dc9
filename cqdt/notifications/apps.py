from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cqdt.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
