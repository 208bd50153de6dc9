from cqdt.core.background import retrying_task
from cqdt.notifications import services


@retrying_task()
def deliver_message(message_id: int) -> str:
    """Retried with backoff up to settings.CQDT_TASK_MAX_ATTEMPTS; the service marks the last failure."""
    return services.message_deliver(message_id=message_id).status
