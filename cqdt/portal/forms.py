"""The portal's HTML forms (plain Django forms; the e-form itself is `cqdt.core.eforms.EForm`)."""

from typing import Any

from django import forms

from cqdt.accounts.models import UserKind
from cqdt.agencies.models import AdministrativeUnit, Agency
from cqdt.catalog.models import OnlineServiceType
from cqdt.dossiers.models import ApplicantType
from cqdt.portal.rating import ITEMS, POINTS

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        parent = f", {obj.parent.name}" if obj.parent_id and obj.parent else ""
        return f"{obj.name}{parent}"


class SearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", required=False, max_length=200)
    linh_vuc = forms.CharField(label="Lĩnh vực", required=False, max_length=64)
    cap = forms.CharField(label="Cấp thực hiện", required=False, max_length=16)
    co_quan = forms.UUIDField(label="Cơ quan thực hiện", required=False)
    truc_tuyen = forms.ChoiceField(
        label="Dịch vụ công trực tuyến",
        required=False,
        choices=[("", "Tất cả"), *OnlineServiceType.choices],
    )


class TrackingForm(forms.Form):
    code = forms.CharField(
        label="Mã hồ sơ", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    digits = forms.CharField(
        label="4 chữ số cuối của số điện thoại hoặc số định danh cá nhân",
        min_length=4,
        max_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off", "size": "6"}
        ),
    )

    def clean_digits(self) -> str:
        value = str(self.cleaned_data["digits"]).strip()
        if not value.isdigit():
            raise forms.ValidationError("Nhập đúng 4 chữ số.")
        return value


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại tài khoản",
        choices=[(UserKind.CITIZEN, "Công dân"), (UserKind.ORGANISATION, "Tổ chức, doanh nghiệp")],
        initial=UserKind.CITIZEN,
        widget=forms.RadioSelect,
    )
    identifier = forms.CharField(
        label="Thư điện tử hoặc số điện thoại di động",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label="Họ và tên", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    identity_number = forms.CharField(
        label="Số định danh cá nhân (không bắt buộc)",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    organisation_name = forms.CharField(label="Tên tổ chức, doanh nghiệp", required=False, max_length=255)
    tax_code = forms.CharField(label="Mã số doanh nghiệp / mã số thuế", required=False, max_length=20)
    password = forms.CharField(
        label="Mật khẩu", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label="Nhập lại mật khẩu", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "Hai lần nhập mật khẩu không khớp.")
        return data


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label="Thư điện tử hoặc số điện thoại",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Mật khẩu", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    identity_number = forms.CharField(label="Số định danh cá nhân", max_length=12, required=False)
    birth_date = forms.DateField(
        label="Ngày sinh", required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    address_unit = UnitChoiceField(
        label="Xã, phường nơi cư trú", queryset=AdministrativeUnit.objects.none(), required=False
    )
    address = forms.CharField(label="Địa chỉ (số nhà, thôn, tổ dân phố)", max_length=255, required=False)
    organisation_name = forms.CharField(label="Tên tổ chức, doanh nghiệp", max_length=255, required=False)
    tax_code = forms.CharField(label="Mã số doanh nghiệp / mã số thuế", max_length=20, required=False)

    def __init__(
        self, *args: Any, units: list[AdministrativeUnit], locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        address_unit = self.fields["address_unit"]
        assert isinstance(address_unit, forms.ModelChoiceField)
        address_unit.queryset = AdministrativeUnit.objects.filter(
            pk__in=[u.pk for u in units]
        ).select_related("parent")
        if locked:
            for name in ("full_name", "identity_number", "birth_date"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Thông tin từ tài khoản định danh điện tử, không sửa tại đây."


class ApplicantForm(forms.Form):
    """Step 1 of a submission: who submits, how to reach them, and which agency decides."""

    handling_agency = forms.ModelChoiceField(
        label="Cơ quan giải quyết (nơi nộp hồ sơ)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="— Chọn cơ quan —",
        to_field_name="public_id",
    )
    applicant_type = forms.ChoiceField(label="Người nộp là", choices=ApplicantType.choices)
    name = forms.CharField(label="Họ và tên người nộp / tên tổ chức", max_length=200, required=False)
    id_number = forms.CharField(
        label="Số định danh cá nhân / mã số doanh nghiệp", max_length=20, required=False
    )
    birth_date = forms.DateField(
        label="Ngày sinh", required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    address_unit = UnitChoiceField(
        label="Xã, phường nơi cư trú / trụ sở",
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label="— Chọn xã, phường —",
    )
    address = forms.CharField(label="Địa chỉ chi tiết", max_length=255, required=False)
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label="Thư điện tử", required=False)

    def __init__(
        self, *args: Any, agencies: list[Agency], units: list[AdministrativeUnit], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "nn")
        super().__init__(*args, **kwargs)
        agency_field = self.fields["handling_agency"]
        unit_field = self.fields["address_unit"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        assert isinstance(unit_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("path")
        unit_field.queryset = AdministrativeUnit.objects.filter(pk__in=[u.pk for u in units]).select_related(
            "parent"
        )


class RatingForm(forms.Form):
    comment = forms.CharField(
        label="Góp ý thêm (không bắt buộc)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.question}",
                choices=list(zip(POINTS, item.answers, strict=True)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Vui lòng chọn một mức đánh giá."},
            )
        self.order_fields([*(f"item_{item.number}" for item in ITEMS), "comment"])

    def scores(self) -> dict[int, int]:
        return {item.number: int(self.cleaned_data[f"item_{item.number}"]) for item in ITEMS}
