"""Photos are sent a chunk at a time by the ASGI server (uvicorn), never read whole into memory first."""

import asyncio
import io
import warnings

import numpy as np
import pytest
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.db import connections
from PIL import Image as PILImage
from rest_framework.test import APIClient

from tests.support import asgi_request, register, upload

pytestmark = pytest.mark.django_db(transaction=True)  # the view runs in another thread, on its own connection


def test_an_original_is_sent_a_chunk_at_a_time(media_root):
    client = register(APIClient())
    noise = np.random.default_rng(7).integers(0, 256, (1200, 1600, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    PILImage.fromarray(noise).save(buffer, "JPEG", quality=95)
    photo = buffer.getvalue()
    assert len(photo) > 1_000_000
    image_id = upload(client, ("noise.jpg", photo)).json()["images"][0]["id"]
    token = client._credentials["HTTP_AUTHORIZATION"].split()[1]

    async def download():
        try:
            return await asgi_request(ASGIHandler(), f"/api/images/{image_id}/file", token)
        finally:
            await sync_to_async(connections.close_all, thread_sensitive=True)()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answer = asyncio.run(download())
    assert answer.status == 200 and answer.body == photo
    assert (b"content-length", str(len(photo)).encode()) in answer.headers
    assert answer.parts >= 8  # 64 KiB at a time
    # Django warns exactly when it falls back to reading a response's whole iterator into memory.
    assert not [w for w in caught if "synchronous iterators" in str(w.message)]
