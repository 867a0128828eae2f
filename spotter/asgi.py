"""The web process's entry point (uvicorn). Django's ASGI handler, with the whole sync stack in one hop.

Every Spotter view is synchronous; only the event streams' bodies are asynchronous. Django's own ASGI
handler runs a sync middleware chain by hopping between the event loop and its sync thread around each
middleware (a dozen hops a request, most of the CPU a progress poll costs). This handler builds the chain
in sync mode and enters it once, the way the WSGI handler would, while streams are still served
asynchronously by the ASGI handler around it. Progress polls mostly skip Django: see
long_running_tasks/progress_fast_path.py.
"""

import os

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotter.settings")
# The web process takes its database connections from a pool (see settings.DATABASES): connecting costs
# more than a progress poll's queries. Celery's forked workers keep one connection each instead.
os.environ.setdefault("SPOTTER_DB_POOL", "true")


class SyncStackASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        # Thread-sensitive, like Django's calls of sync views: one thread per process runs the sync code.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


django.setup(set_prefix=False)

from long_running_tasks.progress_fast_path import with_progress_fast_path  # noqa: E402 - needs the apps loaded

application = with_progress_fast_path(SyncStackASGIHandler())
