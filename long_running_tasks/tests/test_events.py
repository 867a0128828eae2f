"""GET /api/tasks/{id}/events: server-sent `progress` events, ending after the final status."""

import asyncio
import json
import threading
import time
import urllib.request
import uuid

import pytest
from asgiref.sync import async_to_sync

from tests.support import CHELSEA, upload_paths

# Transactional: the stream reads in its own threads, which see only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def unpublished(monkeypatch) -> None:
    """No message goes out: these streams need no worker, and this run's worker (started by other tests)
    could otherwise still be writing a task's results while the test's tables are emptied after it."""
    monkeypatch.setattr("long_running_tasks.queue.publish_task", lambda task_id, messages: None)


async def _read(stream) -> bytes:
    return b"".join([chunk async for chunk in stream])


def _events(response) -> list[dict]:
    text = async_to_sync(_read)(response.streaming_content).decode()
    return [json.loads(line[len("data: ") :]) for line in text.splitlines() if line.startswith("data: ")]


def test_a_finished_task_streams_its_final_state_and_ends(api, media_root):
    (image,) = upload_paths(api, CHELSEA)
    task = api.post("/api/tasks/detect/", {"image_ids": [image["id"]]}, format="json").json()
    api.delete(f"/api/tasks/{task['id']}/")
    response = api.get(f"/api/tasks/{task['id']}/events", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    events = _events(response)
    assert [(e["id"], e["status"]) for e in events] == [(task["id"], "cancelled")]


def test_another_users_stream_is_404(api, other_api, media_root):
    (image,) = upload_paths(api, CHELSEA)
    task = api.post("/api/tasks/detect/", {"image_ids": [image["id"]]}, format="json").json()
    response = other_api.get(f"/api/tasks/{task['id']}/events", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 404
    assert json.loads(response.content)["error"]["code"] == "task_not_found"


def test_streams_of_one_task_share_their_reads():
    from long_running_tasks.progress_stream import SharedReads

    reads = []

    async def read():
        reads.append(1)
        await asyncio.sleep(0.05)
        return len(reads)

    async def scenario():
        shared = SharedReads(ttl=0.2)
        first = await asyncio.gather(*(shared.get("task", read) for _ in range(100)))
        impatient = asyncio.ensure_future(shared.get("other", read))
        await asyncio.sleep(0.01)
        impatient.cancel()  # a browser that goes away does not cancel the read the others wait for
        patient = await shared.get("other", read)
        await asyncio.sleep(0.25)
        later = await shared.get("task", read)
        return first, patient, later

    first, patient, later = asyncio.run(scenario())
    assert first == [1] * 100
    assert patient == 2
    assert later == 3 and len(reads) == 3


def test_open_streams_do_not_hold_up_other_requests(media_root, tmp_path, django_db_blocker):
    """Under uvicorn, as `make run` serves it: thirty browsers follow six tasks that no worker runs (their
    messages go to a queue nobody consumes) while photos download, and the server still answers everything
    else at once, with a pool of two database connections: the streams' reads hold none between reads."""
    from tests.reliability.harness import Http, WebProcess
    from tests.support import worker_environment

    with django_db_blocker.unblock():
        env = worker_environment(SPOTTER_QUEUE=f"nobody-{uuid.uuid4().hex[:8]}", SPOTTER_VAR_DIR=str(tmp_path))
    env["SPOTTER_DB_POOL_SIZE"] = "2"
    web = WebProcess(env, tmp_path).wait_ready()
    try:
        http = Http(web.http.base).register()
        (image,) = http.upload(CHELSEA)
        task_ids = [http.call("POST", "/api/tasks/detect/", {"image_ids": [image["id"]]})[2]["id"] for _ in range(6)]
        streams = []
        for n in range(30):
            request = urllib.request.Request(f"{web.http.base}/api/tasks/{task_ids[n % 6]}/events")
            request.add_header("Authorization", f"Bearer {http.token}")
            stream = urllib.request.urlopen(request, timeout=30)
            assert stream.readline().startswith(b"event: progress")
            streams.append(stream)
        thumbnails = [
            threading.Thread(target=http.call, args=("GET", image["thumbnail_url"])) for _ in range(40)
        ]  # downloads at once: the server's executor grows to its most threads, which the streams' reads share
        for download in thumbnails:
            download.start()
        for download in thumbnails:
            download.join()
        time.sleep(1)  # a few ticks of reads
        for path in ("/api/images/", f"/api/tasks/{task_ids[0]}/", "/api/task-types/"):
            status, _, _ = http.call("GET", path, timeout=10)
            assert status == 200, path
        for task_id in task_ids:
            assert http.call("DELETE", f"/api/tasks/{task_id}/")[0] == 202
        for stream in streams:  # each stream sees the stop and ends
            assert b'"status": "cancelled"' in stream.read()
    finally:
        web.stop()
