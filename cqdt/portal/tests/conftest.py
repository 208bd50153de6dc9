import pytest
from django.core.cache import cache

from cqdt.dossiers.tests.factories import make_world


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path):
    if settings.ROOT_URLCONF == "cqdt.urls":  # the OIDC run has its own URLconf (oidc_provider_settings)
        settings.ROOT_URLCONF = "cqdt.portal.tests.urls"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CQDT_PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return make_world()
