"""Every write of the citizen portal. Other apps import from this package, not from its modules."""

from cqdt.portal.services.accounts import (
    ProfileData,
    Registration,
    citizen_profile_update,
    citizen_register,
    citizen_verify_email,
    email_verification_tokens,
    identifier_kind,
    normalise_phone,
    profile_for,
    send_verification_email,
    username_for,
)
from cqdt.portal.services.dossiers import rating_submit, supplement_submit
from cqdt.portal.services.drafts import (
    ApplicantInput,
    applicant_from_draft,
    draft_attach_files,
    draft_create,
    draft_delete,
    draft_problems,
    draft_remove_file,
    draft_save,
    draft_submit,
)
from cqdt.portal.services.oidc import oidc_user_sync

__all__ = [
    "ApplicantInput",
    "ProfileData",
    "Registration",
    "applicant_from_draft",
    "citizen_profile_update",
    "citizen_register",
    "citizen_verify_email",
    "draft_attach_files",
    "draft_create",
    "draft_delete",
    "draft_problems",
    "draft_remove_file",
    "draft_save",
    "draft_submit",
    "email_verification_tokens",
    "identifier_kind",
    "normalise_phone",
    "oidc_user_sync",
    "profile_for",
    "rating_submit",
    "send_verification_email",
    "supplement_submit",
    "username_for",
]
