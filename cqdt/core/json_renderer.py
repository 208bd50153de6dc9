"""The JSON API's renderer, and answers rendered with it without ninja's output validation."""

from typing import Any

from django.http import HttpResponse
from ninja.renderers import JSONRenderer


class Utf8JSONRenderer(JSONRenderer):
    # Vietnamese as UTF-8: an escaped "\u1ea1" is 6 bytes where the letter is 3, on slow rural connections.
    json_dumps_params = {"ensure_ascii": False}


RENDERER = Utf8JSONRenderer()


def rendered_as_built(data: Any, *, status: int = 200) -> HttpResponse:
    """`data` as the API would render it after validating it against the endpoint's schema, for hot answers
    whose builder already gives the schema's shape and types (each such endpoint has a test that validating
    would change nothing)."""
    content = RENDERER.render(None, data, response_status=status)  # type: ignore[arg-type]
    return HttpResponse(
        content, status=status, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}"
    )
