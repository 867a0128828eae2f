"""The Celery application: settings come from Django's settings under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotter.settings")
# SIGTERM (honcho, systemd, Docker, Kubernetes) means stop now: Celery's cold shutdown, which terminates the
# pool's processes (each hands its chunk back, long_running_tasks/worker.py) instead of waiting for them.
os.environ.setdefault("REMAP_SIGTERM", "SIGQUIT")

app = Celery("spotter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["long_running_tasks"], related_name="worker")
