import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqdt.settings")
application = get_wsgi_application()

from cqdt.core.warmup import warm_up  # noqa: E402  (needs the settings that the line above loads)

warm_up()
