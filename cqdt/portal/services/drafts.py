"""Online submission: a draft filled in over several visits, then handed to the back office in one go."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cqdt.accounts.models import User
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.catalog.models import OnlineServiceType, ProcedureCase
from cqdt.catalog.services import case_validate_form_data
from cqdt.core.audit import audit_record
from cqdt.core.uploads import check_upload
from cqdt.dossiers.models import ApplicantType, Dossier
from cqdt.dossiers.selectors import dossier_tracking_url
from cqdt.dossiers.services import ApplicantData, dossier_submit_online
from cqdt.notifications.services import message_enqueue_for_applicant
from cqdt.portal import access, selectors
from cqdt.portal.models import Draft, DraftFile
from cqdt.portal.services.accounts import PHONE, normalise_phone, profile_for

MAX_FILES_PER_COMPONENT = 10


@dataclass(frozen=True)
class ApplicantInput:
    name: str
    applicant_type: str = ApplicantType.CITIZEN
    id_number: str = ""
    birth_date: date | None = None
    address_unit: AdministrativeUnit | None = None
    address: str = ""
    phone: str = ""
    email: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "applicant_type": self.applicant_type,
            "id_number": self.id_number,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "address_unit": self.address_unit.pk if self.address_unit else None,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
        }


def _lock(draft: Draft, user: User) -> Draft:
    locked = (
        Draft.objects.select_for_update().filter(pk=draft.pk, user=user).select_related("case__procedure")
    )
    found = locked.first()
    if found is None:
        raise ValidationError("Không tìm thấy hồ sơ nháp.")
    return found


@transaction.atomic
def draft_create(*, user: User, case: ProcedureCase) -> Draft:
    """A new draft for `case`, pre-filled from the account: name, identity, contact, address, agency."""
    if not case.is_active or not case.procedure.is_active:
        raise ValidationError("Thủ tục hoặc trường hợp này hiện không còn áp dụng.")
    if case.procedure.online_service == OnlineServiceType.NONE:
        raise ValidationError("Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp.")
    profile = profile_for(user)
    applicant = ApplicantInput(
        name=profile.organisation_name or user.full_name,
        applicant_type=ApplicantType.ORGANISATION if profile.organisation_name else ApplicantType.CITIZEN,
        id_number=profile.tax_code if profile.organisation_name else user.identity_number,
        birth_date=None if profile.organisation_name else profile.birth_date,
        address_unit=profile.address_unit,
        address=profile.address,
        phone=user.phone,
        email=user.email,
    )
    agency = selectors.default_handling_agency(case=case, address_unit=profile.address_unit)
    draft = Draft.objects.create(user=user, case=case, handling_agency=agency, applicant=applicant.as_json())
    audit_record(actor=user, action="portal.draft_create", obj=draft, after={"case": case.pk})
    return draft


def _applicant_problems(applicant: ApplicantInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not applicant.name.strip():
        errors["name"] = ["Cần nhập họ và tên người nộp (hoặc tên tổ chức)."]
    if applicant.applicant_type not in ApplicantType.values:
        errors["applicant_type"] = ["Loại người nộp không hợp lệ."]
    if applicant.phone and not PHONE.match(normalise_phone(applicant.phone)):
        errors["phone"] = ["Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0."]
    return errors


@transaction.atomic
def draft_save(
    *,
    user: User,
    draft: Draft,
    applicant: ApplicantInput,
    form_data: dict[str, Any],
    handling_agency: Agency | None,
) -> Draft:
    """Keep what the applicant typed, even if incomplete; the rules are checked at submission."""
    draft = _lock(draft, user)
    errors = _applicant_problems(applicant)
    if handling_agency is not None and handling_agency not in selectors.case_agencies(draft.case):
        errors["handling_agency"] = [f"{handling_agency.name} không giải quyết thủ tục này."]
    if errors:
        raise ValidationError(errors)
    draft.applicant = {
        **applicant.as_json(),
        "phone": normalise_phone(applicant.phone) if applicant.phone else "",
    }
    draft.form_data = form_data
    draft.handling_agency = handling_agency
    draft.save(update_fields=["applicant", "form_data", "handling_agency", "updated_at"])
    return draft


@transaction.atomic
def draft_attach_files(
    *, user: User, draft: Draft, component_code: str, uploads: list[Any]
) -> list[DraftFile]:
    """Check every file first (size, type by content, archive bombs, scripts), then store them all."""
    draft = _lock(draft, user)
    if not draft.case.components.filter(code=component_code).exists():
        raise ValidationError("Thành phần hồ sơ không thuộc thủ tục này.")
    if not uploads:
        raise ValidationError("Vui lòng chọn tệp để tải lên.")
    existing = draft.files.filter(component_code=component_code).count()
    if existing + len(uploads) > MAX_FILES_PER_COMPONENT:
        raise ValidationError(f"Mỗi thành phần hồ sơ có tối đa {MAX_FILES_PER_COMPONENT} tệp.")
    checked = [check_upload(upload) for upload in uploads]
    stored = []
    for item in checked:
        row = DraftFile(
            draft=draft,
            component_code=component_code,
            original_name=item.name,
            content_type=item.content_type,
            size=len(item.content),
            sha256=item.sha256,
        )
        row.file.save(item.name, ContentFile(item.content), save=False)
        row.save()
        stored.append(row)
    draft.save(update_fields=["updated_at"])
    return stored


def _delete_stored(files: list[DraftFile]) -> None:
    names = [(f.file.storage, f.file.name) for f in files if f.file.name]

    def delete() -> None:
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def draft_remove_file(*, user: User, draft: Draft, file_id: Any) -> None:
    draft = _lock(draft, user)
    row = draft.files.filter(public_id=file_id).first()
    if row is None:
        raise ValidationError("Không tìm thấy tệp.")
    _delete_stored([row])
    row.delete()


@transaction.atomic
def draft_delete(*, user: User, draft: Draft) -> None:
    draft = _lock(draft, user)
    _delete_stored(list(draft.files.all()))
    audit_record(actor=user, action="portal.draft_delete", obj=draft)
    draft.delete()


def applicant_from_draft(draft: Draft) -> ApplicantInput:
    data = draft.applicant or {}
    unit_id = data.get("address_unit")
    birth = data.get("birth_date") or ""
    return ApplicantInput(
        name=str(data.get("name", "")),
        applicant_type=str(data.get("applicant_type", ApplicantType.CITIZEN)),
        id_number=str(data.get("id_number", "")),
        birth_date=date.fromisoformat(birth) if birth else None,
        address_unit=AdministrativeUnit.objects.filter(pk=unit_id).first() if unit_id else None,
        address=str(data.get("address", "")),
        phone=str(data.get("phone", "")),
        email=str(data.get("email", "")),
    )


def draft_problems(draft: Draft) -> dict[str, list[str]]:
    """What stops submission, keyed "applicant.<field>", "form.<path>", "files.<code>", "agency"."""
    problems: dict[str, list[str]] = {}
    applicant = applicant_from_draft(draft)
    for name, messages in _applicant_problems(applicant).items():
        problems[f"applicant.{name}"] = messages
    if not applicant.phone and not applicant.email:
        problems["applicant.phone"] = ["Cần ít nhất số điện thoại hoặc thư điện tử để nhận thông báo."]
    if draft.handling_agency is None:
        problems["agency"] = ["Vui lòng chọn cơ quan giải quyết (nơi nộp hồ sơ)."]
    for error in case_validate_form_data(draft.case, draft.form_data):
        problems.setdefault(f"form.{error.path}", []).append(error.message)
    have = {f.component_code for f in draft.files.all()}
    for component in draft.case.components.all():
        if component.is_mandatory and component.code not in have:
            problems[f"files.{component.code}"] = [f"Chưa tải lên “{component.name}”."]
    return problems


@transaction.atomic
def draft_submit(*, user: User, draft: Draft) -> Dossier:
    """Submit the draft: a dossier "mới đăng ký" at the receiving desk; the draft goes.

    The code is sent to the applicant by email, and by SMS/Zalo where a gateway is configured.
    """
    draft = _lock(draft, user)
    if not access.may_submit(user):
        raise ValidationError("Vui lòng xác thực địa chỉ thư điện tử trước khi nộp hồ sơ.")
    problems = draft_problems(draft)
    if problems:
        raise ValidationError(problems)
    applicant = applicant_from_draft(draft)
    agency = draft.handling_agency
    assert agency is not None  # checked by draft_problems
    files = list(draft.files.all())
    uploads: dict[str, list[Any]] = {}
    for row in files:
        row.file.open("rb")
        uploads.setdefault(row.component_code, []).append(File(row.file.file, name=row.original_name))
    try:
        dossier = dossier_submit_online(
            applicant_user=user,
            unit=selectors.receiving_unit_for(agency),
            case=draft.case,
            applicant=ApplicantData(
                name=applicant.name,
                applicant_type=applicant.applicant_type,
                id_number=applicant.id_number,
                birth_date=applicant.birth_date,
                address_unit=applicant.address_unit,
                address=applicant.address,
                phone=applicant.phone,
                email=applicant.email,
            ),
            form_data=draft.form_data,
            uploads=uploads,
            handling_agency=agency,
        )
    finally:
        for row in files:
            row.file.close()
    message_enqueue_for_applicant(
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        template="dossiers/submitted",
        context={
            "applicant_name": dossier.applicant_name,
            "dossier_code": dossier.code,
            "procedure_name": dossier.procedure.name,
            "agency_name": dossier.handling_agency.name,
            "lookup_url": dossier_tracking_url(dossier.code),
            "submitted_at": dossier.submitted_at or timezone.now(),
        },
        related=dossier,
    )
    audit_record(actor=user, action="portal.draft_submit", obj=draft, after={"dossier": dossier.code})
    _delete_stored(files)
    draft.delete()
    return dossier
