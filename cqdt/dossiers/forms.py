"""Forms of the staff workspace: inbox filters, reception at the counter, one small form per action.

The action forms are shared by the HTML pages and the JSON API: each validates its input, then
`perform()` calls exactly one service. The services check permissions and transitions again.
"""

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cqdt.accounts.models import StaffRole
from cqdt.agencies.models import Agency
from cqdt.catalog.models import ProcedureCase
from cqdt.dossiers import services
from cqdt.dossiers.models import ApplicantType, Channel, Dossier, ReturnMethod
from cqdt.dossiers.selectors import InboxFilters, candidates_for_next_step
from cqdt.dossiers.status import Action, DossierStatus
from cqdt.dossiers.workspace_queries import (
    draft_apology,
    filter_procedures,
    reassign_candidates,
    transfer_agencies,
    user_by_public_id,
)

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
Uploads = dict[str, list[UploadedFile]]


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


def datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
        help_text="Ngày giờ theo giờ Việt Nam, ví dụ 25/03/2026 16:30.",
    )


def reason_field(label: str = "Lý do", *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}))


class InboxFilterForm(forms.Form):
    procedure = forms.ModelChoiceField(
        label="Thủ tục", queryset=filter_procedures(), required=False, empty_label="Tất cả thủ tục"
    )
    status = forms.TypedChoiceField(
        label="Trạng thái",
        choices=[("", "Tất cả trạng thái"), *DossierStatus.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    channel = forms.ChoiceField(label="Kênh nộp", choices=[("", "Tất cả kênh"), *Channel.choices], required=False)
    received_from = date_field("Tiếp nhận từ ngày", required=False)
    received_to = date_field("đến ngày", required=False)
    q = forms.CharField(
        label="Mã hồ sơ, người nộp",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Mã hồ sơ, tên hoặc số giấy tờ (gõ không dấu được)"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["procedure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = lambda p: f"{p.code} — {p.name}"  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and end < start:
            raise ValidationError("Ngày kết thúc phải trùng hoặc sau ngày bắt đầu.")
        return data

    def filters(self) -> InboxFilters:
        data = self.cleaned_data if self.is_valid() else {}
        procedure = data.get("procedure")
        return InboxFilters(
            procedure_id=procedure.pk if procedure else None,
            status=data.get("status"),
            channel=data.get("channel", ""),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            query=data.get("q", ""),
        )


class ReceptionForm(forms.Form):
    """The applicant and the circumstances of a reception at the counter (the e-form is separate)."""

    unit = forms.ModelChoiceField(label="Bộ phận tiếp nhận", queryset=Agency.objects.none(), to_field_name="public_id")
    channel = forms.ChoiceField(
        label="Hình thức nộp",
        choices=[(Channel.IN_PERSON, Channel.IN_PERSON.label), (Channel.POSTAL, Channel.POSTAL.label)],
        initial=Channel.IN_PERSON,
    )
    handling_agency = forms.ModelChoiceField(
        label="Cơ quan giải quyết", queryset=Agency.objects.none(), to_field_name="public_id", required=False
    )
    applicant_type = forms.ChoiceField(label="Đối tượng", choices=ApplicantType.choices, initial=ApplicantType.CITIZEN)
    applicant_name = forms.CharField(label="Họ tên người nộp / tên tổ chức", max_length=200)
    applicant_id_number = forms.CharField(label="Số CCCD / định danh / mã số thuế", max_length=20, required=False)
    applicant_birth_date = date_field("Ngày sinh", required=False)
    applicant_address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    applicant_phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    applicant_email = forms.EmailField(label="Thư điện tử", required=False)
    representative_name = forms.CharField(label="Người được ủy quyền (nếu có)", max_length=200, required=False)
    summary = forms.CharField(
        label="Trích yếu nội dung yêu cầu",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Để trống thì dùng tên thủ tục.",
    )

    def __init__(self, *args: Any, units: list[Agency], case: ProcedureCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units, self.case = units, case
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Agency.objects.filter(pk__in=[unit.pk for unit in units]).order_by("path")
        if len(units) == 1:
            unit_field.required = False
            unit_field.widget = forms.HiddenInput()
        agencies = list(case.procedure.agencies.all())
        agency_field = self.fields["handling_agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        if len(agencies) > 1:
            agency_field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
            agency_field.empty_label = "— Theo địa chỉ của người nộp —"
        else:
            del self.fields["handling_agency"]

    def clean_unit(self) -> Agency:
        unit = self.cleaned_data.get("unit")
        if unit is None and len(self.units) == 1:
            return self.units[0]
        if unit is None:
            raise ValidationError("Vui lòng chọn bộ phận tiếp nhận.")
        return unit

    def applicant(self) -> services.ApplicantData:
        data = self.cleaned_data
        representative = {"name": data["representative_name"]} if data.get("representative_name") else {}
        return services.ApplicantData(
            name=data["applicant_name"].strip(),
            applicant_type=data["applicant_type"],
            id_number=data.get("applicant_id_number", "").strip(),
            birth_date=data.get("applicant_birth_date"),
            address=data.get("applicant_address", "").strip(),
            phone=data.get("applicant_phone", "").strip(),
            email=data.get("applicant_email", "").strip(),
            representative=representative,
        )

    def receive(self, *, actor: Any, form_data: dict[str, Any], uploads: Uploads) -> Dossier:
        data = self.cleaned_data
        return services.dossier_receive(
            actor=actor,
            unit=data["unit"],
            case=self.case,
            applicant=self.applicant(),
            summary=data.get("summary", "").strip(),
            form_data=form_data,
            uploads={code: files for code, files in uploads.items() if files},
            channel=data["channel"],
            handling_agency=data.get("handling_agency"),
        )


class ActionForm(forms.Form):
    """One action on one dossier. Subclasses declare `action`, their fields, and `perform()`."""

    action: ClassVar[str]
    uses_files: ClassVar[bool] = False

    def __init__(self, *args: Any, dossier: Dossier, actor: Any, uploads: Uploads | None = None, **kwargs: Any):
        kwargs.setdefault("auto_id", f"{self.action}-%s")
        super().__init__(*args, **kwargs)
        self.dossier, self.actor, self.uploads = dossier, actor, uploads or {}
        self.prepare()

    @property
    def label(self) -> str:
        return str(Action(self.action).label)

    def prepare(self) -> None:
        """Fill choices that depend on the dossier."""

    def perform(self) -> None:
        raise NotImplementedError

    def success_message(self) -> str:
        return f"Đã thực hiện “{self.label}” đối với hồ sơ {self.dossier.code}."


class _AssigneeMixin(ActionForm):
    candidates: list[Any]

    def _assignee_choices(self, candidates: list[Any], *, required: bool = True) -> None:
        self.candidates = candidates
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.required = required
        field.choices = [("", "— Chọn người nhận —")] + [
            (str(user.public_id), user.full_name or user.username) for user in candidates
        ]

    def assignee(self) -> Any:
        value = self.cleaned_data.get("assignee")
        return user_by_public_id(self.candidates, value) if value else None


class AcceptOnlineForm(ActionForm):
    action = Action.ACCEPT_ONLINE

    def perform(self) -> None:
        services.dossier_accept_online(actor=self.actor, dossier=self.dossier)


class RefuseReceptionForm(ActionForm):
    action = Action.REFUSE_RECEPTION
    reason = reason_field("Lý do từ chối tiếp nhận")

    def perform(self) -> None:
        services.dossier_refuse_reception(actor=self.actor, dossier=self.dossier, reason=self.cleaned_data["reason"])


class ForwardForm(_AssigneeMixin):
    action = Action.FORWARD
    assignee = forms.ChoiceField(label="Người xử lý bước tiếp theo")
    note = reason_field("Ghi chú", required=False)

    def prepare(self) -> None:
        self._assignee_choices(candidates_for_next_step(self.dossier))

    def perform(self) -> None:
        services.dossier_forward(
            actor=self.actor, dossier=self.dossier, assignee=self.assignee(), note=self.cleaned_data["note"]
        )


class ApproveForm(_AssigneeMixin):
    action = Action.APPROVE
    approve: ClassVar[bool] = True
    assignee = forms.ChoiceField(label="Người thực hiện bước tiếp theo")
    reason = reason_field("Ý kiến", required=False)

    def prepare(self) -> None:
        candidates = candidates_for_next_step(self.dossier)
        self._assignee_choices(candidates, required=bool(candidates))
        if not candidates:
            del self.fields["assignee"]

    def perform(self) -> None:
        services.dossier_decide(
            actor=self.actor,
            dossier=self.dossier,
            approve=self.approve,
            reason=self.cleaned_data["reason"],
            assignee=self.assignee() if "assignee" in self.fields else None,
        )


class DeclineForm(ApproveForm):
    action = Action.DECLINE
    approve = False
    reason = reason_field("Lý do từ chối giải quyết")


class SendBackForm(ActionForm):
    action = Action.SEND_BACK
    reason = reason_field("Lý do trả lại")

    def perform(self) -> None:
        services.dossier_send_back(actor=self.actor, dossier=self.dossier, reason=self.cleaned_data["reason"])


class RecallForm(ActionForm):
    action = Action.RECALL
    reason = reason_field("Lý do thu hồi", required=False)

    def perform(self) -> None:
        services.dossier_recall(actor=self.actor, dossier=self.dossier, reason=self.cleaned_data["reason"])


class ReassignForm(_AssigneeMixin):
    action = Action.REASSIGN
    assignee = forms.ChoiceField(label="Giao cho")
    reason = reason_field("Lý do", required=False)

    def prepare(self) -> None:
        self._assignee_choices(reassign_candidates(self.dossier))

    def perform(self) -> None:
        services.dossier_reassign(
            actor=self.actor, dossier=self.dossier, assignee=self.assignee(), reason=self.cleaned_data["reason"]
        )


class TransferForm(ActionForm):
    action = Action.TRANSFER
    agency = forms.ModelChoiceField(label="Cơ quan phối hợp", queryset=Agency.objects.none())
    role = forms.ChoiceField(label="Vai trò xử lý tại cơ quan phối hợp", choices=StaffRole.choices)
    hours = forms.DecimalField(label="Thời gian (giờ làm việc)", min_value=0.5, max_digits=7, decimal_places=2)
    reason = reason_field("Nội dung đề nghị phối hợp")

    def prepare(self) -> None:
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = transfer_agencies(self.dossier)
        field.label_from_instance = lambda a: "— " * max(a.depth, 0) + a.name  # type: ignore[method-assign]

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_transfer(
            actor=self.actor, dossier=self.dossier, agency=data["agency"], role=data["role"], hours=data["hours"],
            reason=data["reason"],
        )  # fmt: skip


class RequestSupplementForm(ActionForm):
    action = Action.REQUEST_SUPPLEMENT
    components = forms.MultipleChoiceField(
        label="Thành phần cần bổ sung, hoàn thiện", required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(
        label="Giấy tờ khác cần bổ sung (mỗi dòng một loại)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = reason_field("Lý do, nội dung cần bổ sung")

    def prepare(self) -> None:
        field = self.fields["components"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c.name, c.name) for c in self.dossier.components.all()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        other = [line.strip() for line in data.get("other", "").splitlines() if line.strip()]
        data["items"] = [*data.get("components", []), *other]
        if not data["items"]:
            raise ValidationError("Vui lòng chọn hoặc ghi ít nhất một thành phần hồ sơ cần bổ sung.")
        return data

    def perform(self) -> None:
        services.dossier_request_supplement(
            actor=self.actor, dossier=self.dossier, components=self.cleaned_data["items"],
            reason=self.cleaned_data["reason"],
        )  # fmt: skip


class RegisterSupplementForm(ActionForm):
    action = Action.REGISTER_SUPPLEMENT
    uses_files = True
    note = reason_field("Ghi chú", required=False)

    def perform(self) -> None:
        uploads = {code: files for code, files in self.uploads.items() if files}
        services.dossier_register_supplement(
            actor=self.actor, dossier=self.dossier, uploads=uploads, note=self.cleaned_data["note"]
        )


class RequestFeesForm(ActionForm):
    action = Action.REQUEST_FEES
    amount = forms.IntegerField(label="Số tiền (đồng)", min_value=1)
    reason = reason_field("Nội dung nghĩa vụ tài chính")

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_request_fees(actor=self.actor, dossier=self.dossier, amount=data["amount"], reason=data["reason"])


class ConfirmFeesForm(ActionForm):
    action = Action.CONFIRM_FEES
    note = reason_field("Ghi chú (số biên lai, chứng từ)", required=False)

    def perform(self) -> None:
        services.dossier_confirm_fees(actor=self.actor, dossier=self.dossier, note=self.cleaned_data["note"])


class RecordResultForm(ActionForm):
    action = Action.RECORD_RESULT
    uses_files = True
    number = forms.CharField(label="Số, ký hiệu văn bản kết quả", max_length=60)
    signer = forms.CharField(label="Người ký", max_length=150)
    issued_on = date_field("Ngày ban hành")
    summary = forms.CharField(label="Trích yếu kết quả", max_length=500, required=False)
    result_file = forms.FileField(label="Tệp kết quả (PDF, ảnh, DOCX)", required=False)

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_record_result(
            actor=self.actor, dossier=self.dossier, number=data["number"], signer=data["signer"],
            issued_on=data["issued_on"], summary=data["summary"], result_file=data.get("result_file"),
        )  # fmt: skip


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT
    method = forms.ChoiceField(label="Hình thức trả", choices=ReturnMethod.choices, initial=ReturnMethod.COUNTER)
    note = reason_field("Ghi chú (người nhận, số vận đơn…)", required=False)

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_return_result(actor=self.actor, dossier=self.dossier, method=data["method"], note=data["note"])


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    reason = reason_field("Lý do rút hồ sơ (theo đơn của người nộp)")

    def perform(self) -> None:
        services.dossier_withdraw(actor=self.actor, dossier=self.dossier, reason=self.cleaned_data["reason"])


class StopForm(ActionForm):
    action = Action.STOP
    reason = reason_field("Lý do dừng xử lý")

    def perform(self) -> None:
        services.dossier_stop(actor=self.actor, dossier=self.dossier, reason=self.cleaned_data["reason"])


class DraftApologyForm(ActionForm):
    action = Action.DRAFT_APOLOGY
    reason = reason_field("Lý do chậm trả kết quả")
    new_due_at = datetime_field("Hẹn trả kết quả mới")

    def perform(self) -> None:
        data = self.cleaned_data
        services.apology_draft(actor=self.actor, dossier=self.dossier, reason=data["reason"], new_due_at=data["new_due_at"])

    def success_message(self) -> str:
        return f"Đã lập dự thảo phiếu xin lỗi (Mẫu 04) cho hồ sơ {self.dossier.code}; chờ lãnh đạo duyệt."


class ApproveApologyForm(ActionForm):
    action = Action.APPROVE_APOLOGY
    approve: ClassVar[bool] = True
    note = reason_field("Ý kiến", required=False)

    def perform(self) -> None:
        apology = draft_apology(self.dossier)
        if apology is None:
            raise ValidationError("Hồ sơ không có phiếu xin lỗi nào đang chờ duyệt.")
        services.apology_decide(actor=self.actor, apology=apology, approve=self.approve, note=self.cleaned_data["note"])


class RejectApologyForm(ApproveApologyForm):
    action = Action.REJECT_APOLOGY
    approve = False
    note = reason_field("Lý do không duyệt")


class AdjustDeadlineForm(ActionForm):
    action = Action.ADJUST_DEADLINE
    due_at = datetime_field("Hạn trả kết quả đúng")
    reason = reason_field("Lý do điều chỉnh")

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_adjust_deadline(actor=self.actor, dossier=self.dossier, due_at=data["due_at"], reason=data["reason"])


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        AcceptOnlineForm, RefuseReceptionForm, ForwardForm, ApproveForm, DeclineForm, SendBackForm, RecallForm,
        ReassignForm, TransferForm, RequestSupplementForm, RegisterSupplementForm, RequestFeesForm, ConfirmFeesForm,
        RecordResultForm, ReturnResultForm, WithdrawForm, StopForm, DraftApologyForm, ApproveApologyForm,
        RejectApologyForm, AdjustDeadlineForm,
    )
}  # fmt: skip


class StatisticsForm(forms.Form):
    agency = forms.IntegerField(label="Cơ quan", required=False, widget=forms.Select)
    period_start = date_field("Từ ngày")
    period_end = date_field("Đến ngày")
    group_by = forms.ChoiceField(
        label="Thống kê theo", choices=[("agency", "Đơn vị trực thuộc"), ("procedure", "Thủ tục hành chính")],
        initial="agency", required=False,
    )  # fmt: skip

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any agency below these may be asked for (the rows link to their children); the view checks it.
        widget = self.fields["agency"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [(agency.pk, agency.name) for agency in agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError("Ngày kết thúc kỳ báo cáo phải trùng hoặc sau ngày bắt đầu.")
        if start and end and (end - start).days > 366:
            raise ValidationError("Kỳ báo cáo không dài quá một năm.")
        return data


def month_start(today: date) -> date:
    return today.replace(day=1)
