"""Forms of the HTML workspace; each action form turns its input into the arguments of one service."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from cqdt.accounts.models import User, UserKind
from cqdt.agencies.models import Agency, AgencyKind
from cqdt.documents import access, selectors
from cqdt.documents.files import ATTACHMENT_TYPES, DRAFT_TYPES, LABELS, MAIN_TYPES
from cqdt.documents.models import DocumentType, IncomingDocument, OutgoingDocument, Register
from cqdt.documents.status import Channel, Confidentiality, IncomingStatus, OutgoingStatus, Urgency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _accept(types: frozenset[str]) -> str:
    return ", ".join(f".{LABELS[t].lower()}" for t in sorted(types))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.username


def staff_of(agency: Agency) -> QuerySet[User]:
    units = [unit.pk for unit in access.agency_units(agency)]
    held = access.assignments_in_force().filter(unit_id__in=units).values("user_id")
    return User.objects.filter(pk__in=held, kind=UserKind.STAFF, is_active=True).order_by(
        "full_name", "username"
    )


def recipient_choices() -> QuerySet[Agency]:
    """Agencies of the directory that can receive documents (not plain units), still active."""
    return Agency.objects.filter(valid_to__isnull=True).exclude(kind=AgencyKind.UNIT).order_by("path")


class FilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, help_text="Không cần gõ dấu.")
    year = forms.IntegerField(label="Năm", required=False, min_value=2000, max_value=2100)
    urgency = forms.ChoiceField(label="Độ khẩn", required=False, choices=[("", "Tất cả"), *Urgency.choices])

    def filters(self, status: str = "") -> selectors.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.Filters(
            q=data.get("q") or "", status=status, year=data.get("year"), urgency=data.get("urgency") or ""
        )


class IncomingRegisterForm(forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan nhận", queryset=Agency.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label="Hình thức", choices=Channel.choices, initial=Channel.PAPER)
    issuer_name = forms.CharField(label="Cơ quan ban hành", max_length=255)
    number = forms.CharField(label="Số", max_length=20)
    notation = forms.CharField(label="Ký hiệu", max_length=60, required=False, help_text="Ví dụ: KH-UBND")
    issued_on = forms.DateField(label="Ngày ban hành", widget=DATE)
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.none())
    summary = forms.CharField(
        label="Trích yếu nội dung", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(label="Độ khẩn", choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label="Độ mật",
        choices=Confidentiality.choices,
        initial=Confidentiality.NORMAL,
        help_text="Văn bản mật không được xử lý trên hệ thống.",
    )
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    page_count = forms.IntegerField(label="Số trang", min_value=1, required=False)
    main_file = forms.FileField(
        label="Tệp văn bản (PDF)", widget=forms.ClearableFileInput(attrs={"accept": _accept(MAIN_TYPES)})
    )
    attachments = MultipleFileField(
        label="Tệp đính kèm",
        required=False,
        widget=MultipleFileInput(attrs={"accept": _accept(ATTACHMENT_TYPES)}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = access.clerk_agencies(user)  # type: ignore[attr-defined]
        self.fields["document_type"].queryset = selectors.document_types()  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    pass


class DirectForm(forms.Form):
    note = forms.CharField(label="Ý kiến chỉ đạo", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Agency.objects.none(), required=False)
    lead_user = PersonChoiceField(label="Cá nhân chủ trì", queryset=User.objects.none(), required=False)
    co_units = forms.ModelMultipleChoiceField(
        label="Đơn vị phối hợp", queryset=Agency.objects.none(), required=False
    )
    co_users = PeopleChoiceField(label="Cá nhân phối hợp", queryset=User.objects.none(), required=False)
    deadline = forms.DateField(label="Hạn xử lý", required=False, widget=DATE)

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Agency.objects.filter(pk__in=[u.pk for u in access.agency_units(document.agency)]).order_by(
            "path"
        )
        people = staff_of(document.agency)
        for name in ("lead_unit", "co_units"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]
        for name in ("lead_user", "co_users"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]


class AssignHandlerForm(forms.Form):
    handler = forms.IntegerField(widget=forms.HiddenInput)
    user = PersonChoiceField(label="Cán bộ xử lý", queryset=User.objects.none())

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = [h.unit_id for h in document.handlers.all() if h.unit_id is not None]
        held = access.assignments_in_force().filter(unit_id__in=units).values("user_id")
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=held, is_active=True
        ).order_by("full_name", "username")


class ProgressForm(forms.Form):
    text = forms.CharField(label="Tiến độ, ý kiến đề xuất", widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(forms.Form):
    result = forms.CharField(label="Kết quả xử lý", widget=forms.Textarea(attrs={"rows": 3}))
    reply = forms.ModelChoiceField(
        label="Văn bản trả lời", queryset=OutgoingDocument.objects.none(), required=False
    )

    def __init__(self, *args: Any, document: IncomingDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply"].queryset = OutgoingDocument.objects.filter(  # type: ignore[attr-defined]
            reply_to=document, status=OutgoingStatus.ISSUED
        )


class OutgoingDraftForm(forms.Form):
    drafting_unit = forms.ModelChoiceField(
        label="Đơn vị soạn thảo", queryset=Agency.objects.none(), empty_label=None
    )
    document_type = forms.ModelChoiceField(label="Loại văn bản", queryset=DocumentType.objects.none())
    summary = forms.CharField(
        label="Trích yếu nội dung", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(label="Độ khẩn", choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label="Độ mật", choices=Confidentiality.choices, initial=Confidentiality.NORMAL
    )
    internal_recipients = forms.ModelMultipleChoiceField(
        label="Gửi qua hệ thống đến", queryset=Agency.objects.none(), required=False
    )
    recipients_text = forms.CharField(
        label="Nơi nhận (ghi trên văn bản)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file_keeper = forms.CharField(label="Đơn vị, người nhận bản lưu", max_length=255, required=False)
    copies = forms.IntegerField(label="Số lượng bản", min_value=1, initial=1)
    drafting_unit_abbreviation = forms.CharField(
        label="Chữ viết tắt đơn vị soạn thảo",
        max_length=30,
        required=False,
        help_text="Dùng trong ký hiệu công văn, ví dụ “VP” trong “123/UBND-VP”. Để trống: lấy theo danh bạ.",
    )
    file = forms.FileField(
        label="Tệp dự thảo (PDF, DOCX)",
        widget=forms.ClearableFileInput(attrs={"accept": _accept(DRAFT_TYPES)}),
    )
    note = forms.CharField(label="Ghi chú phiên bản", max_length=500, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drafting_unit"].queryset = access.drafting_units(user)  # type: ignore[attr-defined]
        self.fields["document_type"].queryset = selectors.document_types()  # type: ignore[attr-defined]
        self.fields["internal_recipients"].queryset = recipient_choices()  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Tệp (PDF, DOCX)", widget=forms.ClearableFileInput(attrs={"accept": _accept(DRAFT_TYPES)})
    )
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class ScanForm(forms.Form):
    file = forms.FileField(
        label="Bản chụp văn bản giấy đã ký (PDF)", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"})
    )
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class ApproverForm(forms.Form):
    approver = PersonChoiceField(label="Lãnh đạo duyệt, ký", queryset=User.objects.none())
    note = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, document: OutgoingDocument, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leaders = [user.pk for user in selectors.approver_choices(agency_id=document.agency_id)]
        self.fields["approver"].queryset = User.objects.filter(pk__in=leaders).order_by("full_name")  # type: ignore[attr-defined]
        self.fields["approver"].required = required


class SignForm(forms.Form):
    # The queryset (the signing app's certificates the user may use) is set by __init__.
    certificate: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Chứng thư số", queryset=User.objects.none(), empty_label=None
    )
    secret = forms.CharField(
        label="Mật khẩu hoặc mã PIN", widget=forms.PasswordInput(render_value=False), strip=False
    )
    page = forms.IntegerField(label="Trang đặt chữ ký", min_value=1)
    x1 = forms.FloatField(label="x1", initial=330.0)
    y1 = forms.FloatField(label="y1", initial=120.0)
    x2 = forms.FloatField(label="x2", initial=530.0)
    y2 = forms.FloatField(label="y2", initial=210.0)

    def __init__(self, *args: Any, certificates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates  # type: ignore[attr-defined]


class IssueForm(forms.Form):
    register = forms.ModelChoiceField(
        label="Sổ đăng ký",
        queryset=Register.objects.none(),
        required=False,
        empty_label="Sổ mặc định theo loại",
    )

    def __init__(self, *args: Any, document: OutgoingDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = Register.objects.filter(  # type: ignore[attr-defined]
            agency_id=document.agency_id, direction="outgoing", is_active=True
        )


class DistributeForm(forms.Form):
    recipients = forms.ModelMultipleChoiceField(label="Gửi thêm đến", queryset=Agency.objects.none())

    def __init__(self, *args: Any, document: OutgoingDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = recipient_choices().exclude(pk=document.agency_id)  # type: ignore[attr-defined]


INCOMING_TABS = (
    ("", "Tất cả"),
    (IncomingStatus.RECEIVED, "Chờ vào sổ"),
    (IncomingStatus.REGISTERED, "Chờ chỉ đạo"),
    (IncomingStatus.ASSIGNED, "Đã giao"),
    (IncomingStatus.IN_PROGRESS, "Đang xử lý"),
    (IncomingStatus.COMPLETED, "Hoàn thành"),
)
