"""Upload checks for dossier files: the shared rules live in `cqdt.core.uploads`."""

from cqdt.core.uploads import ALLOWED_TYPES, CheckedFile, check_upload

__all__ = ["ALLOWED_TYPES", "CheckedFile", "check_upload"]
