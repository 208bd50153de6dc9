"""Forms of the staff workspace: inbox filters, reception at the counter, the statistics period.

The forms of the actions on a dossier are in `action_forms`.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cqdt.agencies.models import Agency
from cqdt.catalog.models import Procedure, ProcedureCase
from cqdt.dossiers import services
from cqdt.dossiers.models import ApplicantType, Channel, Dossier
from cqdt.dossiers.selectors import InboxFilters
from cqdt.dossiers.status import DossierStatus
from cqdt.dossiers.workspace_queries import (
    filter_procedures,
)

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
Uploads = dict[str, list[UploadedFile]]


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
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


class AgencyTreeField(forms.ModelChoiceField):
    """Agencies in tree order, indented by depth."""

    def label_from_instance(self, obj: Any) -> str:
        return "— " * max(obj.depth, 0) + obj.name


class InboxFilterForm(forms.Form):
    # A text box with the catalogue as a <datalist>: browsers offer the matching procedures as one types,
    # without JavaScript, where a <select> of a province's hundreds of procedures is unusable (and costs
    # more to render than the rest of the page).
    procedure = forms.CharField(
        label="Thủ tục",
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={"list": "procedure-codes", "placeholder": "Mã thủ tục (gõ để chọn)", "autocomplete": "off"}
        ),
    )
    status = forms.TypedChoiceField(
        label="Trạng thái",
        choices=[("", "Tất cả trạng thái"), *DossierStatus.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    channel = forms.ChoiceField(
        label="Kênh nộp", choices=[("", "Tất cả kênh"), *Channel.choices], required=False
    )
    received_from = date_field("Tiếp nhận từ ngày", required=False)
    received_to = date_field("đến ngày", required=False)
    q = forms.CharField(
        label="Mã hồ sơ, người nộp",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Mã hồ sơ, tên hoặc số giấy tờ (gõ không dấu được)"}),
    )

    def clean_procedure(self) -> Procedure | None:
        code = str(self.cleaned_data.get("procedure") or "").split("—", 1)[0].strip()
        if not code:
            return None
        procedure = filter_procedures().filter(code=code).first()
        if procedure is None:
            raise ValidationError(f"Không có thủ tục mã “{code}” trong danh mục.")
        return procedure

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

    unit = forms.ModelChoiceField(
        label="Bộ phận tiếp nhận", queryset=Agency.objects.none(), to_field_name="public_id"
    )
    channel = forms.ChoiceField(
        label="Hình thức nộp",
        choices=[(Channel.IN_PERSON, Channel.IN_PERSON.label), (Channel.POSTAL, Channel.POSTAL.label)],
        initial=Channel.IN_PERSON,
    )
    handling_agency = forms.ModelChoiceField(
        label="Cơ quan giải quyết", queryset=Agency.objects.none(), to_field_name="public_id", required=False
    )
    applicant_type = forms.ChoiceField(
        label="Đối tượng", choices=ApplicantType.choices, initial=ApplicantType.CITIZEN
    )
    applicant_name = forms.CharField(label="Họ tên người nộp / tên tổ chức", max_length=200)
    applicant_id_number = forms.CharField(
        label="Số CCCD / định danh / mã số thuế", max_length=20, required=False
    )
    applicant_birth_date = date_field("Ngày sinh", required=False)
    applicant_address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    applicant_phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    applicant_email = forms.EmailField(label="Thư điện tử", required=False)
    representative_name = forms.CharField(
        label="Người được ủy quyền (nếu có)", max_length=200, required=False
    )
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


class StatisticsForm(forms.Form):
    agency = forms.IntegerField(label="Cơ quan", required=False, widget=forms.Select)
    period_start = date_field("Từ ngày")
    period_end = date_field("Đến ngày")
    group_by = forms.ChoiceField(
        label="Thống kê theo",
        choices=[("agency", "Đơn vị trực thuộc"), ("procedure", "Thủ tục hành chính")],
        initial="agency",
        required=False,
    )

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
