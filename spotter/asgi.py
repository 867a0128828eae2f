"""The web process's entry point: Django's ASGI application, served by uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotter.settings")
# The web process borrows its PostgreSQL connections from a pool (settings.DATABASES) rather than opening
# one per request. Celery's forked worker processes keep one connection each instead.
os.environ.setdefault("SPOTTER_DB_POOL", "true")

application = get_asgi_application()
