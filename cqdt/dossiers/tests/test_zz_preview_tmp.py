import time
import pytest
from cqdt.core.pdf import render_pdf
from cqdt.dossiers.slips import TEMPLATES
from cqdt.dossiers.tests.test_slips import *  # noqa

@pytest.mark.django_db
def test_preview(world):
    d = make_dossier(world)
    add_process(world, d)
    open("/tmp/tt/receipt.pdf", "wb").write(render_receipt(d))
    open("/tmp/tt/supp.pdf", "wb").write(render_supplement_request(d, make_pause(world, d)))
    open("/tmp/tt/refusal.pdf", "wb").write(render_refusal(d, "Hồ sơ không thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh Thử Nghiệm; đề nghị nộp tại Ủy ban nhân dân cấp xã nơi cư trú."))
    open("/tmp/tt/apology.pdf", "wb").write(render_apology(make_apology(world, d, approved=False)))
    open("/tmp/tt/control.pdf", "wb").write(render_process_control(d))
    t = time.perf_counter()
    for _ in range(100):
        render_receipt(d)
    full = (time.perf_counter() - t) * 10
    slip = data.receipt_data(d)
    t = time.perf_counter()
    for _ in range(100):
        render_pdf(TEMPLATES / "receipt.typ", slip, pdf_standard="a-2b")
    typst_only = (time.perf_counter() - t) * 10
    t = time.perf_counter()
    for _ in range(100):
        data.receipt_data(d)
    data_only = (time.perf_counter() - t) * 10
    print(f"\nreceipt end-to-end {full:.1f} ms/page; typst {typst_only:.1f} ms; data+qr {data_only:.1f} ms")
