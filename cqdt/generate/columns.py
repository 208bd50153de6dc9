"""Column orders of the generated rows (lifecycle.py builds them, loader.py and copyformat.py write them)."""

# fmt: off
DOSSIER = (
    "id", "public_id", "created_at", "updated_at", "code", "external_code", "procedure", "case",
    "receiving_unit", "handling_agency", "channel", "status", "status_before_pause", "applicant_type",
    "applicant_name", "applicant_id_number", "applicant_birth_date", "applicant_address_unit",
    "applicant_address", "applicant_phone", "applicant_email", "applicant_user", "representative", "summary",
    "form_data", "set_count", "submitted_at", "received_at", "due_at", "rescheduled_due_at", "finished_at",
    "returned_at", "closed_at", "timeliness", "deadline_warned_at", "current_step", "current_unit",
    "current_assignee", "decision", "result_number", "result_signer", "result_issued_on", "result_summary",
    "return_method", "return_note", "search_text",
)
STEP = (
    "id", "dossier", "position", "name", "role", "agency", "allotted_hours", "assignee", "started_at",
    "deadline", "finished_at", "timeliness", "warned_at",
)
COMPONENT = ("id", "dossier", "position", "name", "originals", "copies", "mandatory")
INVOLVED = ("id", "dossier", "unit")
FILE = (
    "id", "public_id", "created_at", "updated_at", "dossier", "component", "kind", "file", "original_name",
    "content_type", "size", "sha256", "uploaded_by",
)
HISTORY = (
    "id", "dossier", "at", "actor", "action", "from_status", "to_status", "from_unit", "to_unit", "to_user",
    "step_name", "step_deadline", "step_timeliness", "reason",
)
PAUSE = (
    "id", "dossier", "reason", "started_at", "ended_at", "explanation", "requested_components",
    "due_at_before", "remaining_work_seconds", "requested_by",
)
# fmt: on
TABLES = ("dossier", "step", "component", "involved", "file", "history", "pause")
