"""Settings for the OIDC and lockout tests: the project's settings plus what the lead adds for django-axes
and mozilla-django-oidc, plus django-oauth-toolkit as a real local OpenID provider (test only).

Used by `test_oidc_and_lockout.py`, which runs `flow_oidc_and_lockout.py` in a separate pytest process
with `--ds=cqdt.portal.tests.oidc_provider_settings` (the provider's tables need their own test database).
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cqdt.settings import *  # noqa: F403
from cqdt.settings import DATABASES, INSTALLED_APPS

# The project settings already enable django-axes; the test provider adds only itself.
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]
AXES_FAILURE_LIMIT = 3
AXES_COOLOFF_TIME = timedelta(minutes=15)

ROOT_URLCONF = "cqdt.portal.tests.oidc_provider_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _KEY.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode(),
    "OAUTH2_VALIDATOR_CLASS": "cqdt.portal.tests.oidc_provider.VneidClaimsValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Hồ sơ", "email": "Thư điện tử", "phone": "Điện thoại"},
    "PKCE_REQUIRED": True,
}

# The parent test run holds the usual test database; this run gets its own. On SQLite it is a file, so the
# live server's threads open their own connections instead of sharing the in-memory one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"cqdt-portal-oidc-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_portal_oidc"}
