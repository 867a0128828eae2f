"""The embedded broker (CELERY_BROKER_URL=filesystem://, the default without Redis): kombu's filesystem
transport, with each message written whole before a worker can see it.

Kombu writes a message file in the queue folder and then its content, while a worker polling the folder
may move and read it at any moment: half a message, which the worker fails to decode, and dies. Here a
message is written under a name the worker skips (a leading dot) and renamed into place once whole; a
rename within one folder is atomic.
"""

import os
import uuid
from time import monotonic

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # Kombu's own name, which orders messages by the time they were sent.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".{name}.partial")
        try:
            with open(partial, "wb") as message:
                message.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as error:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from error


class Transport(filesystem.Transport):
    Channel = Channel
