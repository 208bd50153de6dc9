"""One small form per action on a dossier, shared by the HTML workspace and the JSON API.

Each form validates its input, then `perform()` calls exactly one service; the services check
permissions and transitions again.
"""

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from cqdt.accounts.models import StaffRole
from cqdt.agencies.models import Agency
from cqdt.dossiers import services
from cqdt.dossiers.forms import AgencyTreeField, Uploads, date_field, datetime_field, reason_field
from cqdt.dossiers.models import Dossier, ReturnMethod
from cqdt.dossiers.selectors import candidates_for_next_step
from cqdt.dossiers.status import Action
from cqdt.dossiers.workspace_queries import (
    draft_apology,
    reassign_candidates,
    transfer_agencies,
    user_by_public_id,
)
from cqdt.signing.models import Certificate
from cqdt.signing.selectors import certificate_list_usable_by


class ActionForm(forms.Form):
    """One action on one dossier. Subclasses declare `action`, their fields, and `perform()`."""

    action: ClassVar[str]
    uses_files: ClassVar[bool] = False

    def __init__(
        self, *args: Any, dossier: Dossier, actor: Any, uploads: Uploads | None = None, **kwargs: Any
    ):
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

    def chosen_assignee(self) -> Any:
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
        services.dossier_refuse_reception(
            actor=self.actor, dossier=self.dossier, reason=self.cleaned_data["reason"]
        )


class ForwardForm(_AssigneeMixin):
    action = Action.FORWARD
    assignee = forms.ChoiceField(label="Người xử lý bước tiếp theo")
    note = reason_field("Ghi chú", required=False)

    def prepare(self) -> None:
        self._assignee_choices(candidates_for_next_step(self.dossier))

    def perform(self) -> None:
        services.dossier_forward(
            actor=self.actor,
            dossier=self.dossier,
            assignee=self.chosen_assignee(),
            note=self.cleaned_data["note"],
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
            assignee=self.chosen_assignee() if "assignee" in self.fields else None,
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
            actor=self.actor,
            dossier=self.dossier,
            assignee=self.chosen_assignee(),
            reason=self.cleaned_data["reason"],
        )


class TransferForm(ActionForm):
    action = Action.TRANSFER
    agency = AgencyTreeField(
        label="Cơ quan phối hợp", queryset=Agency.objects.none(), to_field_name="public_id"
    )
    role = forms.ChoiceField(label="Vai trò xử lý tại cơ quan phối hợp", choices=StaffRole.choices)
    hours = forms.DecimalField(
        label="Thời gian (giờ làm việc)", min_value=0.5, max_digits=7, decimal_places=2
    )
    reason = reason_field("Nội dung đề nghị phối hợp")

    def prepare(self) -> None:
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = transfer_agencies(self.dossier)

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_transfer(
            actor=self.actor,
            dossier=self.dossier,
            agency=data["agency"],
            role=data["role"],
            hours=data["hours"],
            reason=data["reason"],
        )


class RequestSupplementForm(ActionForm):
    action = Action.REQUEST_SUPPLEMENT
    components = forms.MultipleChoiceField(
        label="Thành phần cần bổ sung, hoàn thiện", required=False, widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(
        label="Giấy tờ khác cần bổ sung (mỗi dòng một loại)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
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
            actor=self.actor,
            dossier=self.dossier,
            components=self.cleaned_data["items"],
            reason=self.cleaned_data["reason"],
        )


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
        services.dossier_request_fees(
            actor=self.actor, dossier=self.dossier, amount=data["amount"], reason=data["reason"]
        )


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
            actor=self.actor,
            dossier=self.dossier,
            number=data["number"],
            signer=data["signer"],
            issued_on=data["issued_on"],
            summary=data["summary"],
            result_file=data.get("result_file"),
        )


class SignResultForm(ActionForm):
    action = Action.SIGN_RESULT
    certificate = forms.ModelChoiceField(
        label="Chứng thư số", queryset=Certificate.objects.none(), to_field_name="public_id"
    )
    secret = forms.CharField(
        label="Mật khẩu chứng thư (PKCS#12) hoặc mã PIN",
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        help_text="Chỉ dùng cho lần ký này, không được lưu lại.",
    )
    signer_title = forms.CharField(label="Chức danh hiển thị", max_length=150, required=False)

    def prepare(self) -> None:
        field = self.fields["certificate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = certificate_list_usable_by(user=self.actor)

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_sign_result(
            actor=self.actor,
            dossier=self.dossier,
            certificate=data["certificate"],
            secret=data["secret"],
            signer_title=data["signer_title"],
        )


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT
    method = forms.ChoiceField(
        label="Hình thức trả", choices=ReturnMethod.choices, initial=ReturnMethod.COUNTER
    )
    note = reason_field("Ghi chú (người nhận, số vận đơn…)", required=False)

    def perform(self) -> None:
        data = self.cleaned_data
        services.dossier_return_result(
            actor=self.actor, dossier=self.dossier, method=data["method"], note=data["note"]
        )


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
        services.apology_draft(
            actor=self.actor, dossier=self.dossier, reason=data["reason"], new_due_at=data["new_due_at"]
        )

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
        services.apology_decide(
            actor=self.actor, apology=apology, approve=self.approve, note=self.cleaned_data["note"]
        )


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
        services.dossier_adjust_deadline(
            actor=self.actor, dossier=self.dossier, due_at=data["due_at"], reason=data["reason"]
        )


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        AcceptOnlineForm,
        RefuseReceptionForm,
        ForwardForm,
        ApproveForm,
        DeclineForm,
        SendBackForm,
        RecallForm,
        ReassignForm,
        TransferForm,
        RequestSupplementForm,
        RegisterSupplementForm,
        RequestFeesForm,
        ConfirmFeesForm,
        RecordResultForm,
        SignResultForm,
        ReturnResultForm,
        WithdrawForm,
        StopForm,
        DraftApologyForm,
        ApproveApologyForm,
        RejectApologyForm,
        AdjustDeadlineForm,
    )
}
