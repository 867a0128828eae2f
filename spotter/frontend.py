"""Serves the built React app: its files come from whitenoise (WHITENOISE_ROOT); every other
non-API path gets index.html so that client-side routes survive a reload."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_NOT_BUILT = (
    "<!doctype html><title>Spotter</title><p>The web app is not built yet. "
    "Run <code>make run</code>, or <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>. "
    'The API is at <a href="/api/docs/">/api/docs/</a>.</p>'
)


def index(request: HttpRequest) -> HttpResponse:
    page = settings.FRONTEND_DIST / "index.html"
    if not page.exists():
        return HttpResponse(_NOT_BUILT, status=503)
    response = HttpResponse(page.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
