"""The Celery application: settings come from Django's settings under the CELERY_ namespace. What SIGTERM does
to a worker (a cold shutdown) is set in long_running_tasks/worker.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotter.settings")

app = Celery("spotter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["long_running_tasks"], related_name="worker")
app.autodiscover_tasks(["image_processing"], related_name="tasks")
