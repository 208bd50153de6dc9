"""Message templates: Django templates under `templates/notifications/`, rendered in Vietnamese.

A template name such as ``dossiers/received`` maps to files: ``dossiers/received_subject.txt``,
``dossiers/received.txt``, optionally ``dossiers/received.html`` (email), and ``dossiers/received_sms.txt``,
the short text sent by SMS and Zalo. `TEMPLATE_SPECS` lists each template with the context keys it needs,
so a caller's typo fails loudly instead of sending a message with a blank in it (the keys are documented
in docs/notifications.md).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation


@dataclass(frozen=True)
class TemplateSpec:
    required: frozenset[str]
    optional: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body_text: str
    body_html: str


_CITIZEN = frozenset({"applicant_name", "dossier_code", "procedure_name", "agency_name", "lookup_url"})

TEMPLATE_SPECS: dict[str, TemplateSpec] = {
    "dossiers/submitted": TemplateSpec(required=_CITIZEN | {"submitted_at"}),
    "dossiers/received": TemplateSpec(required=_CITIZEN | {"received_at", "appointment_at"}),
    "dossiers/supplement_requested": TemplateSpec(
        required=_CITIZEN | {"requested_at", "items", "reason"},
        optional=frozenset({"supplement_due_at", "contact"}),
    ),
    "dossiers/refused": TemplateSpec(required=_CITIZEN | {"refused_at", "reason"}),
    "dossiers/fees_requested": TemplateSpec(required=_CITIZEN | {"requested_at", "amount_text", "reason"}),
    "dossiers/stopped": TemplateSpec(required=_CITIZEN | {"stopped_at", "reason"}),
    "dossiers/result_ready": TemplateSpec(required=_CITIZEN | {"ready_at", "return_instructions"}),
    "dossiers/returned": TemplateSpec(
        required=_CITIZEN | {"returned_at"}, optional=frozenset({"rating_url"})
    ),
    "dossiers/apology": TemplateSpec(
        required=_CITIZEN | {"received_at", "old_appointment_at", "new_appointment_at", "reason"}
    ),
    "documents/assignment_deadline": TemplateSpec(
        required=frozenset(
            {"staff_name", "agency_name", "generated_at", "overdue", "due_soon", "workspace_url"}
        )
    ),
    "dossiers/deadline_warning": TemplateSpec(
        required=frozenset(
            {"staff_name", "agency_name", "generated_at", "overdue", "due_soon", "backoffice_url"}
        )
    ),
}

_NAME = re.compile(r"^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)+$")
_BLANK_LINES = re.compile(r"\n{3,}")
# Channels that carry the short text variant (`<name>_sms.txt`) instead of the letter.
SHORT_TEXT_CHANNELS = frozenset({"sms", "zalo"})


class TemplateContextError(ValueError):
    pass


def check_context(*, template: str, context: Mapping[str, Any]) -> None:
    """Refuse an unknown template, a required key missing or None, and an unexpected (misspelt) key."""
    spec = TEMPLATE_SPECS.get(template)
    if spec is None or not _NAME.match(template):
        raise TemplateContextError(f"Unknown notification template {template!r}.")
    missing = sorted(key for key in spec.required if context.get(key) is None)
    unexpected = sorted(context.keys() - spec.required - spec.optional)
    if missing or unexpected:
        raise TemplateContextError(
            f"Context for {template!r}: missing {missing or 'nothing'}, unexpected {unexpected or 'nothing'}."
        )


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)) + "\n"


def _short_text(text: str) -> str:
    """One line per sentence, no blank lines, no trailing newline: every character of an SMS counts."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _bodies(template: str, data: dict[str, Any], channel: str) -> tuple[str, str]:
    if channel in SHORT_TEXT_CHANNELS:
        try:
            short = get_template(f"notifications/{template}_sms.txt")
        except TemplateDoesNotExist:
            raise TemplateContextError(
                f"Notification template {template!r} has no short text ({template}_sms.txt) for {channel}."
            ) from None
        return _short_text(short.render(data)), ""
    body_text = _tidy(render_to_string(f"notifications/{template}.txt", data))
    try:
        html = get_template(f"notifications/{template}.html")
    except TemplateDoesNotExist:
        return body_text, ""
    return body_text, html.render(data).strip() + "\n"


def render_message(*, template: str, context: Mapping[str, Any], channel: str = "email") -> RenderedMessage:
    """Render subject and bodies in Vietnamese, dates in the legal time zone (Vietnam).

    Email gets the letter (text and, if the template has one, HTML); SMS and Zalo get the short text as
    `body_text`. The subject is rendered for every channel: it names the message in the admin and the log.
    """
    check_context(template=template, context=context)
    data = dict(context)
    with translation.override("vi"), timezone.override(settings.CQDT_LEGAL_TIME_ZONE):
        subject = " ".join(render_to_string(f"notifications/{template}_subject.txt", data).split())
        body_text, body_html = _bodies(template, data, channel)
    return RenderedMessage(subject=subject, body_text=body_text, body_html=body_html)
