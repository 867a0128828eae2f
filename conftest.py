"""Shared test fixtures: API clients for real users, real photos, and a real Celery worker.

The worker is a separate `celery worker` process on the Redis broker and the PostgreSQL test
database; tests that use it run with `transaction=True` so the worker sees their rows.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image as PILImage
from rest_framework.test import APIClient

from tests.support import (
    ASTRONAUT,
    CHELSEA,
    GRACE_HOPPER,
    WorkerProcess,
    jpeg_bytes,
    register,
    worker_environment,
)


@pytest.fixture
def api(db) -> APIClient:
    return register(APIClient())


@pytest.fixture
def other_api(db) -> APIClient:
    return register(APIClient())


@pytest.fixture(scope="session")
def many_photos(tmp_path_factory) -> list[Path]:
    """48 distinct real photos: crops, flips and scales of the three sample photos."""
    folder = tmp_path_factory.mktemp("many")
    sources = [PILImage.open(path).convert("RGB") for path in (ASTRONAUT, CHELSEA, GRACE_HOPPER)]
    photos = []
    for n in range(48):
        picture = sources[n % 3]
        if n % 2:
            picture = picture.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)
        scale = 1.0 + (n % 8) * 0.25
        picture = picture.resize((int(picture.width * scale) + n, int(picture.height * scale)))  # + n: all distinct
        path = folder / f"photo-{n:02d}.jpg"
        path.write_bytes(jpeg_bytes(picture))
        photos.append(path)
    return photos


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of the test's own (for tests that do not involve the worker)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session", autouse=True)
def own_queue_removed_at_the_end() -> Iterator[None]:
    """The run's own queue (SPOTTER_QUEUE=spotter-test-<pid>, see scripts/test.sh) leaves no messages or
    bindings in the shared Redis. Any other queue (pytest run by hand on `spotter`, say) is left alone."""
    yield
    queue_name = settings.CELERY_TASK_DEFAULT_QUEUE
    if settings.CELERY_BROKER_URL.startswith("redis") and queue_name.startswith("spotter-test-"):
        from long_running_tasks.queue import delete_queue

        delete_queue(queue_name)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker) -> Iterator[WorkerProcess]:
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.fail("The worker tests need PostgreSQL: run them through `make test`.")
    with django_db_blocker.unblock():
        worker = WorkerProcess(worker_environment())
    worker.wait_ready()
    yield worker
    worker.stop()
