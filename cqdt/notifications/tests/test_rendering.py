from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cqdt.notifications.rendering import TEMPLATE_SPECS, TemplateContextError, render_message
from cqdt.notifications.tests.support import RECEIVED_BODY, received_context

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "notifications"

CITIZEN = {
    "applicant_name": "Nguyễn Văn An",
    "dossier_code": "H56.22-251120-0001",
    "procedure_name": "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ",
    "agency_name": "UBND phường Đông Kinh",
    "lookup_url": "https://dichvucong.langson.gov.vn/tra-cuu-ho-so",
}
HEADER = "Kính gửi Ông/Bà Nguyễn Văn An,\n\n"
FOOTER = """

Ông/Bà có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ H56.22-251120-0001 tại địa chỉ:
https://dichvucong.langson.gov.vn/tra-cuu-ho-so

Trân trọng,
UBND phường Đông Kinh

--
Thư này được gửi tự động từ hệ thống dịch vụ công, vui lòng không trả lời thư này.
"""


def letter(content: str) -> str:
    return HEADER + content + FOOTER


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant in November 2025 (Vietnam is seven hours ahead)."""
    return datetime(2025, 11, day, hour, minute, tzinfo=UTC)


def dossier(code: str, due_at: datetime) -> dict[str, Any]:
    return {
        "code": code,
        "procedure_name": "Đăng ký khai sinh",
        "applicant_name": "Hoàng Văn Đức",
        "due_at": due_at,
    }


FULL_CONTEXTS: dict[str, dict[str, Any]] = {
    "dossiers/submitted": CITIZEN | {"submitted_at": at(20, 1, 30)},
    "dossiers/received": received_context(),
    "dossiers/supplement_requested": CITIZEN
    | {
        "requested_at": at(21, 2, 15),
        "items": ["Bản sao Giấy chứng nhận quyền sử dụng đất", "Bản vẽ thiết kế mặt bằng có chữ ký"],
        "reason": "Bản vẽ thiết kế chưa có chữ ký của đơn vị tư vấn.",
        "supplement_due_at": at(28, 10),
        "contact": "Trần Thị Bình, số điện thoại 0205 3870 123",
    },
    "dossiers/refused": CITIZEN
    | {"refused_at": at(20, 3), "reason": "Thủ tục không thuộc thẩm quyền giải quyết của UBND phường."},
    "dossiers/fees_requested": CITIZEN
    | {"requested_at": at(21, 3), "amount_text": "1.500.000 đồng", "reason": "Lệ phí cấp giấy phép xây dựng"},
    "dossiers/stopped": CITIZEN
    | {"stopped_at": at(22, 4), "reason": "Thửa đất đang có tranh chấp, chờ Tòa án giải quyết."},
    "dossiers/result_ready": CITIZEN
    | {
        "ready_at": at(27, 8),
        "return_instructions": "Nhận trực tiếp tại Bộ phận Một cửa UBND phường Đông Kinh.",
    },
    "dossiers/returned": CITIZEN
    | {"returned_at": at(28, 2, 45), "rating_url": "https://dichvucong.langson.gov.vn/danh-gia"},
    "dossiers/apology": CITIZEN
    | {
        "received_at": at(20, 1, 30),
        "old_appointment_at": at(27, 9),
        "new_appointment_at": datetime(2025, 12, 3, 9, 0, tzinfo=UTC),
        "reason": "Cần lấy ý kiến của Sở Xây dựng.",
    },
    "dossiers/deadline_warning": {
        "staff_name": "Trần Thị Bình",
        "agency_name": "Bộ phận Một cửa UBND phường Đông Kinh",
        "generated_at": at(20, 0),
        "overdue": [dossier("H56.22-251110-0003", at(19, 9)), dossier("H56.22-251111-0007", at(18, 2))],
        "due_soon": [dossier("H56.22-251114-0001", at(21, 9))],
        "backoffice_url": "https://motcua.langson.gov.vn/ho-so",
    },
    "documents/assignment_deadline": {
        "staff_name": "Hoàng Văn Toàn",
        "agency_name": "Sở Tư pháp tỉnh Lạng Sơn",
        "generated_at": at(20, 0),
        "overdue": [
            {
                "arrival_number": 125,
                "number_notation": "45/UBND-KSTT",
                "issuer_name": "UBND tỉnh Lạng Sơn",
                "summary": "Về việc rà soát thủ tục hành chính",
                "role": "Chủ trì",
                "deadline": at(19, 17).date(),
            }
        ],
        "due_soon": [],
        "workspace_url": "https://vanban.langson.gov.vn/van-ban/",
    },
}


CITIZEN_TEMPLATES = {
    "dossiers/submitted",
    "dossiers/received",
    "dossiers/supplement_requested",
    "dossiers/refused",
    "dossiers/fees_requested",
    "dossiers/stopped",
    "dossiers/result_ready",
    "dossiers/returned",
    "dossiers/apology",
}
LOOKUP = "Tra cứu: https://dichvucong.langson.gov.vn/tra-cuu-ho-so"


def test_every_template_has_files_and_a_spec():
    on_disk = {
        str(path.relative_to(TEMPLATE_DIR).with_suffix(""))
        for path in TEMPLATE_DIR.rglob("*.txt")
        if not path.stem.endswith(("_subject", "_sms")) and not path.stem.startswith(("_", "base"))
    }
    assert on_disk == set(TEMPLATE_SPECS)
    for name in TEMPLATE_SPECS:
        assert (TEMPLATE_DIR / f"{name}_subject.txt").is_file()
    assert set(FULL_CONTEXTS) == set(TEMPLATE_SPECS)
    short = {
        str(path.relative_to(TEMPLATE_DIR)).removesuffix("_sms.txt")
        for path in TEMPLATE_DIR.rglob("*_sms.txt")
    }
    assert short == CITIZEN_TEMPLATES


@pytest.mark.parametrize("name", sorted(TEMPLATE_SPECS))
def test_templates_use_only_their_declared_keys(settings, name):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "string_if_invalid": "«%s»"},
        }
    ]
    spec = TEMPLATE_SPECS[name]
    assert set(FULL_CONTEXTS[name]) == spec.required | spec.optional
    channels = ["email", "sms", "zalo"] if name in CITIZEN_TEMPLATES else ["email"]
    for channel in channels:
        rendered = render_message(template=name, context=FULL_CONTEXTS[name], channel=channel)
        for text in (rendered.subject, rendered.body_text, rendered.body_html):
            assert "«" not in text


def test_received():
    rendered = render_message(template="dossiers/received", context=received_context())
    assert rendered.subject == "Tiếp nhận hồ sơ H56.22-251120-0001"
    assert rendered.body_text == RECEIVED_BODY
    assert rendered.body_html == ""


def test_times_are_shown_in_vietnam_time_across_midnight():
    rendered = render_message(
        template="dossiers/received",
        context=received_context(appointment_at=datetime(2025, 12, 31, 17, 30, tzinfo=UTC)),
    )
    assert "- Ngày hẹn trả kết quả: 01/01/2026 00:30\n" in rendered.body_text


def test_text_is_not_html_escaped():
    rendered = render_message(
        template="dossiers/received",
        context=received_context(procedure_name="Cấp đổi giấy phép <lần 2> & gia hạn", dossier_code="A&B"),
    )
    assert rendered.subject == "Tiếp nhận hồ sơ A&B"
    assert "- Thủ tục: Cấp đổi giấy phép <lần 2> & gia hạn\n" in rendered.body_text


def test_supplement_requested_with_due_date_and_contact():
    rendered = render_message(
        template="dossiers/supplement_requested", context=FULL_CONTEXTS["dossiers/supplement_requested"]
    )
    assert rendered.subject == "Yêu cầu bổ sung, hoàn thiện hồ sơ H56.22-251120-0001"
    assert rendered.body_text == letter(
        "UBND phường Đông Kinh đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ sau:\n"
        "\n"
        "- Mã hồ sơ: H56.22-251120-0001\n"
        "- Thủ tục: Cấp giấy phép xây dựng đối với nhà ở riêng lẻ\n"
        "- Thời điểm yêu cầu: 21/11/2025 09:15\n"
        "\n"
        "Nội dung cần bổ sung, hoàn thiện:\n"
        "1. Bản sao Giấy chứng nhận quyền sử dụng đất\n"
        "2. Bản vẽ thiết kế mặt bằng có chữ ký\n"
        "\n"
        "Lý do: Bản vẽ thiết kế chưa có chữ ký của đơn vị tư vấn.\n"
        "\n"
        "Đề nghị Ông/Bà nộp hồ sơ bổ sung trước 28/11/2025 17:00.\n"
        "\n"
        "Cán bộ hướng dẫn: Trần Thị Bình, số điện thoại 0205 3870 123\n"
        "\n"
        "Sau khi nhận đủ hồ sơ bổ sung, cơ quan sẽ tiếp tục giải quyết và thông báo ngày hẹn trả kết quả."
    )


def test_supplement_requested_without_the_optional_keys():
    context = dict(FULL_CONTEXTS["dossiers/supplement_requested"])
    del context["supplement_due_at"], context["contact"]
    body = render_message(template="dossiers/supplement_requested", context=context).body_text
    assert (
        "Lý do: Bản vẽ thiết kế chưa có chữ ký của đơn vị tư vấn.\n"
        "\n"
        "Sau khi nhận đủ hồ sơ bổ sung, cơ quan sẽ tiếp tục giải quyết và thông báo ngày hẹn trả kết quả.\n"
        "\n"
        "Ông/Bà có thể tra cứu"
    ) in body
    assert "Đề nghị Ông/Bà nộp" not in body
    assert "Cán bộ hướng dẫn" not in body


def test_refused():
    rendered = render_message(template="dossiers/refused", context=FULL_CONTEXTS["dossiers/refused"])
    assert rendered.subject == "Từ chối tiếp nhận giải quyết hồ sơ H56.22-251120-0001"
    assert rendered.body_text == letter(
        "UBND phường Đông Kinh thông báo không tiếp nhận giải quyết hồ sơ của Ông/Bà.\n"
        "\n"
        "- Mã hồ sơ: H56.22-251120-0001\n"
        "- Thủ tục: Cấp giấy phép xây dựng đối với nhà ở riêng lẻ\n"
        "- Thời điểm từ chối: 20/11/2025 10:00\n"
        "\n"
        "Lý do từ chối: Thủ tục không thuộc thẩm quyền giải quyết của UBND phường.\n"
        "\n"
        "Cơ quan xin thông báo để Ông/Bà biết."
    )


def test_result_ready():
    rendered = render_message(
        template="dossiers/result_ready", context=FULL_CONTEXTS["dossiers/result_ready"]
    )
    assert rendered.subject == "Đã có kết quả giải quyết hồ sơ H56.22-251120-0001"
    assert rendered.body_text == letter(
        "UBND phường Đông Kinh thông báo hồ sơ của Ông/Bà đã có kết quả giải quyết.\n"
        "\n"
        "- Mã hồ sơ: H56.22-251120-0001\n"
        "- Thủ tục: Cấp giấy phép xây dựng đối với nhà ở riêng lẻ\n"
        "- Thời điểm có kết quả: 27/11/2025 15:00\n"
        "\n"
        "Cách thức nhận kết quả: Nhận trực tiếp tại Bộ phận Một cửa UBND phường Đông Kinh."
    )


def test_returned_with_and_without_rating_link():
    context = FULL_CONTEXTS["dossiers/returned"]
    rendered = render_message(template="dossiers/returned", context=context)
    assert rendered.subject == "Đã trả kết quả hồ sơ H56.22-251120-0001"
    content = (
        "UBND phường Đông Kinh đã trả kết quả giải quyết hồ sơ của Ông/Bà.\n"
        "\n"
        "- Mã hồ sơ: H56.22-251120-0001\n"
        "- Thủ tục: Cấp giấy phép xây dựng đối với nhà ở riêng lẻ\n"
        "- Thời điểm trả kết quả: 28/11/2025 09:45"
    )
    rating = (
        "\n\nKính mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ tại địa chỉ:\n"
        "https://dichvucong.langson.gov.vn/danh-gia"
    )
    assert rendered.body_text == letter(content + rating)
    without = {key: value for key, value in context.items() if key != "rating_url"}
    assert render_message(template="dossiers/returned", context=without).body_text == letter(content)


def test_apology():
    rendered = render_message(template="dossiers/apology", context=FULL_CONTEXTS["dossiers/apology"])
    assert rendered.subject == "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ H56.22-251120-0001"
    assert rendered.body_text == letter(
        "UBND phường Đông Kinh chân thành xin lỗi Ông/Bà vì hồ sơ dưới đây chưa được giải quyết đúng hẹn.\n"
        "\n"
        "- Mã hồ sơ: H56.22-251120-0001\n"
        "- Thủ tục: Cấp giấy phép xây dựng đối với nhà ở riêng lẻ\n"
        "- Thời điểm tiếp nhận: 20/11/2025 08:30\n"
        "- Ngày hẹn trả kết quả cũ: 27/11/2025 16:00\n"
        "- Ngày hẹn trả kết quả mới: 03/12/2025 16:00\n"
        "\n"
        "Lý do chậm giải quyết: Cần lấy ý kiến của Sở Xây dựng.\n"
        "\n"
        "Mong Ông/Bà thông cảm về sự chậm trễ này."
    )


def test_deadline_warning():
    rendered = render_message(
        template="dossiers/deadline_warning", context=FULL_CONTEXTS["dossiers/deadline_warning"]
    )
    assert rendered.subject == "Cảnh báo thời hạn giải quyết hồ sơ: 2 quá hạn, 1 sắp đến hạn"
    assert rendered.body_text == (
        "Kính gửi Trần Thị Bình,\n"
        "\n"
        "Tính đến 20/11/2025 07:00, Bộ phận Một cửa UBND phường Đông Kinh có các hồ sơ cần lưu ý về thời hạn "
        "giải quyết như sau.\n"
        "\n"
        "HỒ SƠ ĐÃ QUÁ HẠN (2):\n"
        "1. H56.22-251110-0003 | Đăng ký khai sinh | Hoàng Văn Đức | hạn trả: 19/11/2025 16:00\n"
        "2. H56.22-251111-0007 | Đăng ký khai sinh | Hoàng Văn Đức | hạn trả: 18/11/2025 09:00\n"
        "\n"
        "HỒ SƠ SẮP ĐẾN HẠN (1):\n"
        "1. H56.22-251114-0001 | Đăng ký khai sinh | Hoàng Văn Đức | hạn trả: 21/11/2025 16:00\n"
        "\n"
        "Đề nghị đồng chí kiểm tra, đôn đốc giải quyết các hồ sơ trên tại:\n"
        "https://motcua.langson.gov.vn/ho-so\n"
        "\n"
        "--\n"
        "Thư này được gửi tự động từ hệ thống một cửa điện tử, vui lòng không trả lời thư này.\n"
    )
    html = rendered.body_html
    assert html.count("<tr><td>") == 3
    assert (
        "<tr><td>2</td><td>H56.22-251111-0007</td><td>Đăng ký khai sinh</td><td>Hoàng Văn Đức</td>"
        "<td>18/11/2025 09:00</td></tr>"
    ) in html
    assert '<a href="https://motcua.langson.gov.vn/ho-so">' in html


def test_deadline_warning_with_nothing_due_soon():
    context = FULL_CONTEXTS["dossiers/deadline_warning"] | {"due_soon": []}
    rendered = render_message(template="dossiers/deadline_warning", context=context)
    assert "HỒ SƠ SẮP ĐẾN HẠN (0):\nKhông có hồ sơ.\n" in rendered.body_text
    assert (
        '<h2 style="font-size: 16px;">Hồ sơ sắp đến hạn (0)</h2>\n<p>Không có hồ sơ.</p>'
        in rendered.body_html
    )


def test_html_escapes_values():
    context = FULL_CONTEXTS["dossiers/deadline_warning"] | {
        "overdue": [dossier("<script>", at(19, 9))],
    }
    html = render_message(template="dossiers/deadline_warning", context=context).body_html
    assert "<td>&lt;script&gt;</td>" in html
    assert "<script>" not in html


SHORT_TEXTS = {
    "dossiers/submitted": (
        "Hồ sơ H56.22-251120-0001 đã được nộp trực tuyến đến UBND phường Đông Kinh lúc 20/11/2025 08:30, "
        "đang chờ tiếp nhận.\n" + LOOKUP
    ),
    "dossiers/received": (
        "UBND phường Đông Kinh đã tiếp nhận hồ sơ H56.22-251120-0001. Hẹn trả kết quả: 04/12/2025 16:00.\n"
        + LOOKUP
    ),
    "dossiers/supplement_requested": (
        "Hồ sơ H56.22-251120-0001 cần bổ sung, hoàn thiện trước 28/11/2025 17:00.\n"
        "Cần bổ sung: Bản sao Giấy chứng nhận quyền sử dụng đất; Bản vẽ thiết kế mặt bằng có chữ ký\n"
        + LOOKUP
    ),
    "dossiers/refused": (
        "UBND phường Đông Kinh không tiếp nhận giải quyết hồ sơ H56.22-251120-0001.\n"
        "Lý do: Thủ tục không thuộc thẩm quyền giải quyết của UBND phường.\n" + LOOKUP
    ),
    "dossiers/fees_requested": (
        "Hồ sơ H56.22-251120-0001: đề nghị nộp 1.500.000 đồng (Lệ phí cấp giấy phép xây dựng). "
        "Thời hạn giải quyết tạm dừng đến khi nộp xong.\n" + LOOKUP
    ),
    "dossiers/stopped": (
        "UBND phường Đông Kinh dừng xử lý hồ sơ H56.22-251120-0001.\n"
        "Lý do: Thửa đất đang có tranh chấp, chờ Tòa án giải quyết.\n" + LOOKUP
    ),
    "dossiers/result_ready": (
        "Hồ sơ H56.22-251120-0001 đã có kết quả giải quyết.\n"
        "Cách nhận kết quả: Nhận trực tiếp tại Bộ phận Một cửa UBND phường Đông Kinh.\n" + LOOKUP
    ),
    "dossiers/returned": (
        "UBND phường Đông Kinh đã trả kết quả hồ sơ H56.22-251120-0001 lúc 28/11/2025 09:45.\n"
        "Mời Ông/Bà đánh giá mức độ hài lòng tại: https://dichvucong.langson.gov.vn/danh-gia"
    ),
    "dossiers/apology": (
        "UBND phường Đông Kinh xin lỗi Ông/Bà vì hồ sơ H56.22-251120-0001 chưa được giải quyết đúng hẹn. "
        "Hẹn trả kết quả mới: 03/12/2025 16:00.\n"
        "Lý do: Cần lấy ý kiến của Sở Xây dựng.\n" + LOOKUP
    ),
}


@pytest.mark.parametrize("channel", ["sms", "zalo"])
@pytest.mark.parametrize("name", sorted(SHORT_TEXTS))
def test_short_text_for_sms_and_zalo(name, channel):
    rendered = render_message(template=name, context=FULL_CONTEXTS[name], channel=channel)
    email = render_message(template=name, context=FULL_CONTEXTS[name])
    assert rendered.body_text == SHORT_TEXTS[name]
    assert rendered.subject == email.subject
    assert rendered.body_html == ""


def test_short_text_leaves_out_what_is_not_given():
    returned = {k: v for k, v in FULL_CONTEXTS["dossiers/returned"].items() if k != "rating_url"}
    assert render_message(template="dossiers/returned", context=returned, channel="sms").body_text == (
        "UBND phường Đông Kinh đã trả kết quả hồ sơ H56.22-251120-0001 lúc 28/11/2025 09:45.\n" + LOOKUP
    )
    supplement = dict(FULL_CONTEXTS["dossiers/supplement_requested"])
    del supplement["supplement_due_at"]
    body = render_message(
        template="dossiers/supplement_requested", context=supplement, channel="sms"
    ).body_text
    assert body.startswith("Hồ sơ H56.22-251120-0001 cần bổ sung, hoàn thiện.\nCần bổ sung: Bản sao")


# A long but real agency name, a full dossier code, the tracking address the back office prints, and free
# text far too long for a text message.
LONG = {
    "agency_name": "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn",
    "dossier_code": "000.00.30.H99-260302-0001",
    "lookup_url": "https://dichvucong.langson.gov.vn/tra-cuu/000.00.30.H99-260302-0001",
    "reason": "Hồ sơ thiếu thành phần theo quy định. " * 10,
    "items": ["Bản sao Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở, tài sản gắn liền với đất"] * 4,
    "return_instructions": "Mời Ông/Bà mang giấy tiếp nhận hồ sơ và giấy tờ tùy thân đến " * 4,
    "rating_url": "https://dichvucong.langson.gov.vn/danh-gia/000.00.30.H99-260302-0001",
}


@pytest.mark.parametrize("name", sorted(SHORT_TEXTS))
def test_short_text_stays_within_320_characters(name):
    context = FULL_CONTEXTS[name] | {key: value for key, value in LONG.items() if key in FULL_CONTEXTS[name]}
    body = render_message(template=name, context=context, channel="sms").body_text
    assert len(body) <= 320, body
    assert body.endswith(context.get("rating_url") or LONG["lookup_url"])


def test_free_text_is_cut_in_a_short_text():
    context = FULL_CONTEXTS["dossiers/refused"] | {"reason": "Hồ sơ thiếu thành phần theo quy định. " * 10}
    body = render_message(template="dossiers/refused", context=context, channel="sms").body_text
    reason_line = body.splitlines()[1]
    assert len(reason_line) == len("Lý do: ") + 110
    assert reason_line.startswith("Lý do: Hồ sơ thiếu thành phần theo quy định. Hồ sơ thiếu")
    assert reason_line.endswith("…")


def test_a_staff_template_has_no_short_text():
    with pytest.raises(TemplateContextError) as caught:
        render_message(
            template="dossiers/deadline_warning",
            context=FULL_CONTEXTS["dossiers/deadline_warning"],
            channel="sms",
        )
    assert str(caught.value) == (
        "Notification template 'dossiers/deadline_warning' has no short text "
        "(dossiers/deadline_warning_sms.txt) for sms."
    )
