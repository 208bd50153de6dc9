"""Write scenarios driven from Python threads (wrk cannot chain requests): complete lifecycles through the
JSON API as the four officials of phường Tam Thanh would click them, and receptions with two 200 KB files.

Bounded: each worker thread stops after `duration` seconds or `max_iterations`, whichever comes first.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import requests

from cqdt.generate.pdfs import minimal_pdf

PROCEDURE, CASE = "1.004873", "01"  # Giấy xác nhận tình trạng hôn nhân: desk → specialist → head → clerk
API = "/api/v1/dossiers"


def _form(name: str) -> dict[str, Any]:
    return {
        "nguoi_yeu_cau": {
            "ho_ten": name,
            "gioi_tinh": "nam",
            "ngay_sinh": "1990-04-12",
            "dan_toc": "Tày",
            "quoc_tich": "Việt Nam",
            "so_dinh_danh": "020090001234",
            "noi_cu_tru": "Phường Tam Thanh, tỉnh Lạng Sơn",
            "so_dien_thoai": "0912345678",
        },
        "tinh_trang": "chua_ket_hon",
        "muc_dich": "ket_hon",
    }


def padded_pdf(size: int, label: str) -> bytes:
    """A valid PDF of about `size` bytes (the padding is a PDF comment before the trailer)."""
    base = minimal_pdf((label,))
    head, tail = base.split(b"xref", 1)
    padding = b"%" + b"x" * max(size - len(base) - 2, 0) + b"\n"
    # The padding sits before xref, so the object offsets before it are unchanged; startxref moves.
    start = len(head) + len(padding)
    tail = tail.replace(f"startxref\n{len(head)}".encode(), f"startxref\n{start}".encode())
    return head + padding + b"xref" + tail


def two_pdfs_of_200_kb() -> list[tuple[str, bytes]]:
    return [
        ("to-khai.pdf", padded_pdf(200 * 1024, "TO KHAI")),
        ("giay-to.pdf", padded_pdf(200 * 1024, "GIAY TO")),
    ]


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    completed: int = 0
    created: list[str] = field(default_factory=list)  # codes of dossiers left open (received, not processed)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(name, []).append(seconds)


class Staff:
    def __init__(self, base: str, tokens: dict[str, str], result: Result) -> None:
        self.base, self.result = base, result
        self.sessions = {}
        for name, token in tokens.items():
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {token}"
            self.sessions[name] = session

    def call(self, who: str, step: str, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        started = time.perf_counter()
        response = self.sessions[who].request(method, self.base + path, timeout=60, **kwargs)
        self.result.add(step, time.perf_counter() - started)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{step}: HTTP {response.status_code} {response.text[:300]}")
        return response.json()


def receive(staff: Staff, step: str, files: list[tuple[str, bytes]] | None = None) -> dict[str, Any]:
    payload = {
        "procedure_code": PROCEDURE,
        "case_code": CASE,
        "applicant": {"name": "Nông Văn Bình", "id_number": "020090001234", "phone": "0912345678"},
        "form_data": _form("Nông Văn Bình"),
        "file_components": ["TK"] * len(files or []),
    }
    multipart = [("files", (name, content, "application/pdf")) for name, content in files or []]
    return staff.call(
        "tamthanh.motcua",
        step,
        "POST",
        f"{API}/",
        data={"payload": json.dumps(payload)},
        files=multipart or None,
    )


def lifecycle(staff: Staff, people: dict[str, str]) -> None:
    code = receive(staff, "receive")["code"]
    path = f"{API}/{code}/actions"
    staff.call(
        "tamthanh.motcua",
        "forward",
        "POST",
        f"{path}/forward",
        json={"assignee": people["tamthanh.chuyenvien"]},
    )
    staff.call(
        "tamthanh.chuyenvien",
        "forward",
        "POST",
        f"{path}/forward",
        json={"assignee": people["tamthanh.lanhdao"]},
    )
    staff.call(
        "tamthanh.lanhdao", "approve", "POST", f"{path}/approve", json={"assignee": people["tamthanh.vanthu"]}
    )
    result = {
        "number": f"{code[-4:]}/XNTTHN",
        "signer": "Hoàng Văn Sơn",
        "issued_on": date.today().isoformat(),
    }
    staff.call("tamthanh.vanthu", "record_result", "POST", f"{path}/record-result", data=result)
    staff.call(
        "tamthanh.motcua", "return_result", "POST", f"{path}/return-result", json={"method": "counter"}
    )


def run(
    action: Callable[[], None], *, users: int, duration: float, max_iterations: int, result: Result
) -> float:
    deadline = time.monotonic() + duration
    per_user = max(1, max_iterations // users)

    def worker() -> None:
        for _ in range(per_user):
            if time.monotonic() >= deadline:
                return
            try:
                action()
            except Exception as error:
                with result.lock:
                    result.errors.append(str(error))
                return
            with result.lock:
                result.completed += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def lifecycles(base: str, setup: dict[str, Any], *, users: int, duration: float) -> tuple[Result, float]:
    result = Result()
    tokens = {k: v for k, v in setup["tokens"].items() if k.startswith("tamthanh.")}
    staffs = threading.local()

    def one() -> None:
        if not hasattr(staffs, "staff"):
            staffs.staff = Staff(base, tokens, result)
        lifecycle(staffs.staff, setup["people"])

    elapsed = run(one, users=users, duration=duration, max_iterations=100_000, result=result)
    return result, elapsed


def submissions(base: str, setup: dict[str, Any], *, users: int, duration: float) -> tuple[Result, float]:
    result = Result()
    files = two_pdfs_of_200_kb()
    tokens = {"tamthanh.motcua": setup["tokens"]["tamthanh.motcua"]}
    staffs = threading.local()

    def one() -> None:
        if not hasattr(staffs, "staff"):
            staffs.staff = Staff(base, tokens, result)
        code = receive(staffs.staff, "receive_2x200KB", files)["code"]
        with result.lock:
            result.created.append(code)

    elapsed = run(one, users=users, duration=duration, max_iterations=100_000, result=result)
    return result, elapsed


def withdraw(base: str, setup: dict[str, Any], codes: list[str]) -> int:
    """Withdraw the dossiers a scenario received and left open, so that runs do not pile them up in the
    measured desk's "to process" box (each run would otherwise add hundreds). Not timed."""
    staff = Staff(base, {"tamthanh.motcua": setup["tokens"]["tamthanh.motcua"]}, Result())
    for code in codes:
        reason = {"reason": "Rút sau lượt đo hiệu năng"}
        staff.call("tamthanh.motcua", "withdraw", "POST", f"{API}/{code}/actions/withdraw", json=reason)
    return len(codes)


class Citizen:
    """One browser of the portal: the citizen's session cookie, Django's CSRF token, redirects not followed
    (each step's answer must be the redirect to the next step)."""

    def __init__(self, base: str, session_cookie: str, result: Result) -> None:
        self.base, self.result = base, result
        self.session = requests.Session()
        name, _, value = session_cookie.partition("=")
        self.session.cookies.set(name, value)
        page = self.session.get(base + f"/nop-ho-so/{PROCEDURE}/", timeout=60)
        page.raise_for_status()
        # The CSRF cookie comes marked Secure (production settings) and the benchmark speaks plain HTTP on
        # loopback, so it is sent back by hand, as a browser behind the TLS proxy would.
        token = page.cookies["csrftoken"]
        self.session.cookies.set("csrftoken", token)
        self.session.headers["X-CSRFToken"] = token

    def post(self, step: str, path: str, **kwargs: Any) -> str:
        started = time.perf_counter()
        response = self.session.post(self.base + path, timeout=60, allow_redirects=False, **kwargs)
        self.result.add(step, time.perf_counter() - started)
        if response.status_code != 302:
            raise RuntimeError(f"{step}: HTTP {response.status_code} {response.text[:300]}")
        return str(response.headers["Location"])


def submit_online(citizen: Citizen, agency: str, files: list[tuple[str, bytes]]) -> str:
    """The portal's four steps as the browser posts them; the new dossier's page address."""
    draft = citizen.post("start", f"/nop-ho-so/{PROCEDURE}/", data={"case": CASE})
    applicant = {
        "nn-handling_agency": agency,
        "nn-applicant_type": "citizen",
        "nn-name": "Nông Thị Hoa",
        "nn-id_number": "020199000777",
        "nn-phone": "0987000777",
        "action": "next",
    }
    form = {f"ef-nguoi_yeu_cau-{key}": value for key, value in _form("Nông Thị Hoa")["nguoi_yeu_cau"].items()}
    form |= {"ef-tinh_trang": "chua_ket_hon", "ef-muc_dich": "ket_hon"}
    files_page = citizen.post("details", draft, data={**applicant, **form})
    multipart = [("files", (name, content, "application/pdf")) for name, content in files]
    citizen.post("files_2x200KB", files_page, data={"component": "TK"}, files=multipart)
    return citizen.post("submit", files_page.replace("/giay-to/", "/kiem-tra/"))


def online_submissions(
    base: str, setup: dict[str, Any], *, users: int, duration: float
) -> tuple[Result, float]:
    result = Result()
    files = two_pdfs_of_200_kb()
    browsers = threading.local()

    def one() -> None:
        if not hasattr(browsers, "citizen"):
            browsers.citizen = Citizen(base, setup["cookies"]["citizen"], result)
        submit_online(browsers.citizen, setup["online_agency"], files)

    elapsed = run(one, users=users, duration=duration, max_iterations=100_000, result=result)
    return result, elapsed
