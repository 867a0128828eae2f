"""Scale out: photos on S3-compatible storage (a real moto server speaking the S3 protocol over HTTP),
and two workers with nothing on disk in common completing one task together."""

import hashlib
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import numpy as np
import pytest
from django.core.management import call_command

from image_processing.detection.coco import COCO_LABELS_BY_ID
from image_processing.models import Image
from image_processing.services.examination import Examination, ExaminationService
from image_processing.tests.onnx_models import yolov8_model
from long_running_tasks.models import TaskChunk
from long_running_tasks.queue import delete_queue
from tests.support import (
    ASTRONAUT,
    CHELSEA,
    PROJECT_ROOT,
    WorkerProcess,
    files_under,
    upload_paths,
    wait_for_task,
    worker_environment,
)

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "spotter-test", "AWS_SECRET_ACCESS_KEY": "spotter-test"}

pytestmark = pytest.mark.skipif(not MOTO_SERVER.exists(), reason="needs moto[server] (requirements-dev.txt)")


@dataclass
class S3Server:
    endpoint: str
    bucket: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def keys(self) -> set[str]:
        return {item["Key"] for item in self.client().list_objects_v2(Bucket=self.bucket).get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def environment(self) -> dict[str, str]:
        """What a web or worker process needs to keep its photos in this bucket."""
        return {
            "SPOTTER_S3_BUCKET": self.bucket,
            "SPOTTER_S3_ENDPOINT_URL": self.endpoint,
            "SPOTTER_S3_REGION": "us-east-1",
            "SPOTTER_S3_ADDRESSING_STYLE": "path",
            "AWS_EC2_METADATA_DISABLED": "true",
            **CREDENTIALS,
        }


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.1)
    try:
        yield S3Server(endpoint, "spotter-test")
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def s3(s3_server, settings, monkeypatch) -> S3Server:
    """This test's own bucket, and this process's photo storage pointed at it through django-storages."""
    server = S3Server(s3_server.endpoint, f"spotter-{uuid.uuid4().hex[:12]}")
    server.client().create_bucket(Bucket=server.bucket)
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": server.bucket,
                "endpoint_url": server.endpoint,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    return server


@pytest.mark.django_db
def test_photos_are_stored_served_detected_and_deleted_on_s3(api, s3, media_root, django_capture_on_commit_callbacks):
    astronaut, cat = upload_paths(api, ASTRONAUT, CHELSEA)
    rows = {row.id: row for row in Image.objects.all()}
    names = {name for row in rows.values() for name in (row.file_name, row.thumbnail_name)}
    assert s3.keys() == names and len(names) == 4
    assert files_under(media_root) == []  # nothing on local disk
    assert s3.read(rows[uuid.UUID(astronaut["id"])].file_name) == ASTRONAUT.read_bytes()

    served = api.get(astronaut["file_url"])
    assert served.status_code == 200 and b"".join(served.streaming_content) == ASTRONAUT.read_bytes()
    assert api.get(cat["thumbnail_url"]).status_code == 200

    service, cat_id = ExaminationService(), uuid.UUID(cat["id"])
    exam = Examination(service.model_run(None, "exact"), frozenset(COCO_LABELS_BY_ID.values()), 0.5)
    photo = service.photos_to_detect([cat_id], exam)[cat_id]
    found = service.detect(photo, exam)
    assert found.error is None and found.found[0].label == "cat"

    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/images/{cat['id']}/").status_code == 204
        assert api.delete(f"/api/trash/{cat['id']}/").status_code == 204
    assert s3.keys() == {rows[uuid.UUID(astronaut["id"])].file_name, rows[uuid.UUID(astronaut["id"])].thumbnail_name}


@pytest.mark.django_db(transaction=True)
def test_two_workers_with_no_shared_disk_complete_one_task_together(api, s3, settings, many_photos, tmp_path):
    settings.CELERY_TASK_DEFAULT_QUEUE = f"scale-out-{uuid.uuid4().hex[:8]}"  # only these two workers
    images = upload_paths(api, *many_photos[:12])
    workers, homes = [], []
    try:
        for name in ("machine-a", "machine-b"):
            home = tmp_path / name  # each "machine" has its own working directory and var/, and no photos
            home.mkdir()
            homes.append(home)
            env = worker_environment(
                **s3.environment(),
                SPOTTER_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
                SPOTTER_VAR_DIR=str(home / "var"),
                MEDIA_ROOT=str(home / "media"),
                SPOTTER_DETECTOR_THREADS="1",
                PYTHONPATH=str(PROJECT_ROOT),
            )
            workers.append(WorkerProcess(env, concurrency=1, name=name, cwd=home))
        for worker in workers:
            worker.wait_ready()

        submitted = api.post("/api/tasks/detect/", {"image_ids": [i["id"] for i in images]}, format="json").json()
        final = wait_for_task(api, submitted["id"], timeout=180)
        # A model added now, kept on S3 only: the workers fetch it and check its sha256 before running it.
        score = float(np.random.default_rng().uniform(0.6, 0.9))  # a file of its own: no machine has it yet
        model = yolov8_model(tmp_path / "own.onnx", [(320.0, 320.0, 64.0, 64.0)], np.array([[score]]), ["marker"])
        call_command("add_model", str(model), "--name", "markers", stdout=io.StringIO())
        own = {"image_ids": [i["id"] for i in images[:4]], "options": {"model": "markers"}}
        own_final = wait_for_task(api, api.post("/api/tasks/detect/", own, format="json").json()["id"], timeout=120)
    finally:
        for worker in workers:
            worker.stop()
        delete_queue(settings.CELERY_TASK_DEFAULT_QUEUE)

    assert (final["status"], final["processed"], final["failed"]) == ("succeeded", 12, 0), final
    assert final["summary"].get("person", 0) + final["summary"].get("cat", 0) >= 12
    chunks_by_machine = Counter(
        worker.split("@")[0]
        for worker in TaskChunk.objects.filter(task_id=final["id"]).values_list("worker", flat=True)
    )
    assert set(chunks_by_machine) == {"machine-a", "machine-b"}, chunks_by_machine  # each did part of it
    assert sum(chunks_by_machine.values()) == TaskChunk.objects.filter(task_id=final["id"]).count() > 1
    for home in homes:
        assert not (home / "media").exists()  # every photo came from S3
    assert (own_final["status"], own_final["failed"], own_final["model"]) == ("succeeded", 0, "markers"), own_final
    assert own_final["summary"] == {"marker": 4}
    sha256 = hashlib.sha256(model.read_bytes()).hexdigest()
    stored = s3.keys()
    assert f"models/{sha256}.onnx" in stored
    assert (Path(settings.SPOTTER_MODEL_CACHE) / sha256 / f"{sha256}.onnx").read_bytes() == model.read_bytes()
    shutil.rmtree(tmp_path, ignore_errors=True)
