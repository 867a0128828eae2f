"""The embedded broker (filesystem://): a message is never read before it is whole. Kombu's own transport
let a worker polling the queue take a file still being written, fail to decode it, and die."""

import tempfile
import threading
import time
from queue import Empty

from kombu import Connection

from long_running_tasks.filesystem_broker import Transport

MESSAGES = 400
BODY = "x" * 400_000  # large enough that writing one takes many system calls


def test_messages_written_while_a_worker_reads_the_queue_arrive_whole():
    folder = tempfile.mkdtemp()
    options = {"data_folder_in": folder, "data_folder_out": folder, "store_processed": False}
    received, errors = [], []

    def send() -> None:
        with Connection("filesystem://", transport=Transport, transport_options=options) as connection:
            channel = connection.channel()
            for n in range(MESSAGES):
                channel._put("queue", {"n": n, "body": BODY})

    def receive() -> None:
        with Connection("filesystem://", transport=Transport, transport_options=options) as connection:
            channel = connection.channel()
            deadline = time.monotonic() + 120
            while len(received) + len(errors) < MESSAGES and time.monotonic() < deadline:
                try:
                    message = channel._get("queue")
                except Empty:
                    continue
                except Exception as error:  # noqa: BLE001 - what a worker would die of
                    errors.append(repr(error))
                    continue
                received.append((message["n"], message["body"] == BODY))

    threads = [threading.Thread(target=receive), threading.Thread(target=send)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(received) == [(n, True) for n in range(MESSAGES)]
