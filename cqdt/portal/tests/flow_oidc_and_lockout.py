"""Run by test_oidc_and_lockout.py under oidc_provider_settings (see there): the VNeID-style sign-in end
to end against a real local OpenID provider over HTTP, and the lockout after repeated failures."""

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from oauth2_provider.models import Application

from cqdt.accounts.models import UserKind
from cqdt.dossiers.tests.factories import UserFactory
from cqdt.portal.models import CitizenProfile, SignUpMethod

User = get_user_model()
SECRET = "bi-mat-cua-cong-dich-vu-cong-thu-nghiem"


class _Forms(HTMLParser):
    """The inputs of the first form with method=post: enough to submit the provider's pages."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and self.action is None and (values.get("method") or "").lower() == "post":
            self.action = values.get("action") or ""
        if tag == "input" and values.get("name") and values.get("type") != "submit":
            self.fields[str(values["name"])] = values.get("value") or ""


def _form(html: str) -> tuple[str, dict[str, str]]:
    parser = _Forms()
    parser.feed(html)
    return parser.action or "", parser.fields


@pytest.fixture
def provider(live_server, settings):
    port = urlsplit(live_server.url).port
    idp = f"http://localhost:{port}"  # provider and portal on different host names: separate cookies
    portal = f"http://127.0.0.1:{port}"
    settings.CQDT_OIDC_ISSUER = f"{idp}/o"
    settings.CQDT_OIDC_CLIENT_ID = "cong-dich-vu-cong"
    settings.CQDT_OIDC_CLIENT_SECRET = SECRET
    settings.CQDT_PUBLIC_BASE_URL = portal
    cache.clear()
    Application.objects.create(
        name="Cổng dịch vụ công",
        client_id="cong-dich-vu-cong",
        client_secret=SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{portal}/dang-nhap-cong-dan/vneid/xac-thuc/",
        algorithm=Application.RS256_ALGORITHM,
    )
    person = UserFactory(
        username="vneid.hoa",
        kind=UserKind.CITIZEN,
        full_name="Lương Thị Hoa",
        identity_number="020195004321",
        phone="0987654321",
        email="hoa.lt@example.vn",
    )
    return idp, portal, person


def _sign_in_at_provider(
    session: requests.Session, idp: str, response: requests.Response
) -> requests.Response:
    """Follow the provider's sign-in and consent pages as a person would."""
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{idp}/o/authorize/")
    authorize = response.headers["Location"]
    login_page = session.get(authorize, allow_redirects=True)
    assert "/dang-nhap/" in login_page.url
    _, fields = _form(login_page.text)
    fields.update({"username": "vneid.hoa", "password": "Matkhau@2026"})
    consent = session.post(login_page.url, data=fields, allow_redirects=True)
    assert consent.status_code == 200
    assert "/o/authorize/" in consent.url
    _action, fields = _form(consent.text)
    fields["allow"] = "Authorize"
    return session.post(consent.url, data=fields, allow_redirects=False)


def test_vneid_sign_in_end_to_end(provider, transactional_db):
    idp, portal, person = provider
    session = requests.Session()
    start = session.get(f"{portal}/dang-nhap-cong-dan/vneid/?next=/tai-khoan/", allow_redirects=False)
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["client_id"] == ["cong-dich-vu-cong"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"{portal}/dang-nhap-cong-dan/vneid/xac-thuc/"]
    back = _sign_in_at_provider(session, idp, start)
    assert back.status_code == 302
    assert back.headers["Location"].startswith(f"{portal}/dang-nhap-cong-dan/vneid/xac-thuc/?")
    landed = session.get(back.headers["Location"], allow_redirects=False)
    assert landed.status_code == 302, landed.text[:500]
    assert landed.headers["Location"] == "/tai-khoan/"
    profile_page = session.get(f"{portal}/tai-khoan/")
    assert profile_page.status_code == 200
    assert "Tài khoản đăng nhập bằng định danh điện tử (VNeID)" in profile_page.text
    assert 'value="Lương Thị Hoa"' in profile_page.text
    profile = CitizenProfile.objects.select_related("user").get(sign_up_method=SignUpMethod.OIDC)
    user = profile.user
    assert profile.oidc_subject == str(person.pk)  # the provider's `sub`
    assert (user.full_name, user.identity_number, user.phone, user.email, user.kind) == (
        "Lương Thị Hoa",
        "020195004321",
        "0987654321",
        "hoa.lt@example.vn",
        UserKind.CITIZEN,
    )
    assert profile.birth_date == dt.date(1990, 4, 12)
    assert not user.has_usable_password()
    # signing in again finds the same account and refreshes it from the claims
    person.full_name = "Lương Thị Hoa Mai"
    person.save(update_fields=["full_name"])
    session.post(
        f"{portal}/dang-xuat-cong-dan/",
        data={"csrfmiddlewaretoken": session.cookies.get("csrftoken", domain="127.0.0.1")},
    )
    again = session.get(f"{portal}/dang-nhap-cong-dan/vneid/", allow_redirects=False)
    consent = session.get(again.headers["Location"], allow_redirects=True)  # still signed in at the provider
    _action, fields = _form(consent.text)
    fields["allow"] = "Authorize"
    back = session.post(consent.url, data=fields, allow_redirects=False)
    session.get(back.headers["Location"], allow_redirects=False)
    assert CitizenProfile.objects.filter(sign_up_method=SignUpMethod.OIDC).count() == 1
    user.refresh_from_db()
    assert user.full_name == "Lương Thị Hoa Mai"


def test_a_tampered_callback_does_not_sign_in(provider, transactional_db):
    idp, portal, _person = provider
    session = requests.Session()
    start = session.get(f"{portal}/dang-nhap-cong-dan/vneid/", allow_redirects=False)
    back = _sign_in_at_provider(session, idp, start)
    location = back.headers["Location"]
    forged = re.sub(r"code=[^&]+", "code=ma-gia-mao", location)
    failed = session.get(forged, allow_redirects=False)
    assert failed.status_code == 302
    assert failed.headers["Location"] == "/dang-nhap-cong-dan/vneid/that-bai/"
    assert not CitizenProfile.objects.filter(sign_up_method=SignUpMethod.OIDC).exists()


@pytest.mark.django_db
def test_password_sign_in_locks_after_repeated_failures(client, time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 15, 9, 0, tzinfo=dt.UTC))
    user = UserFactory(username="0912345678", kind=UserKind.CITIZEN, phone="0912345678")
    url = reverse("portal:login")
    for _ in range(2):
        wrong = client.post(url, {"identifier": "0912345678", "password": "sai"})
        assert wrong.status_code == 400
    locked = client.post(url, {"identifier": "0912345678", "password": "sai"})
    assert locked.status_code == 429
    assert "Tài khoản đã bị tạm khóa do nhập sai mật khẩu nhiều lần" in locked.content.decode()
    right_but_locked = client.post(url, {"identifier": "0912345678", "password": "Matkhau@2026"})
    assert right_but_locked.status_code == 429
    assert "_auth_user_id" not in client.session
    time_machine.move_to(dt.datetime(2026, 7, 15, 9, 16, tzinfo=dt.UTC))
    after = client.post(url, {"identifier": "0912345678", "password": "Matkhau@2026"})
    assert after.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_without_an_issuer_the_vneid_button_is_hidden(client, settings):
    settings.CQDT_OIDC_ISSUER = ""
    assert "Đăng nhập bằng VNeID" not in client.get(reverse("portal:login")).content.decode()
    assert client.get(reverse("portal:oidc_login")).status_code == 404
