from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cqdt.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cqdt.core.calendar.stored_overrides import forget_stored_overrides
        from cqdt.core.calendar_models import CalendarOverride

        for signal in (post_save, post_delete):
            signal.connect(forget_stored_overrides, sender=CalendarOverride, dispatch_uid="calendar-cache")
