"""GET /api/health: is each part Spotter needs reachable, and how many worker processes can take work."""

from django.conf import settings
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from long_running_tasks import readiness

from .celery import app


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def broker_ok() -> bool:
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001 - kombu and redis-py raise many kinds
        return False


def workers() -> dict:
    """How many workers answer, their processes ready to take work, and what they detect with (or why they
    cannot). The filesystem broker cannot broadcast: there, each process on this machine says it in a file
    (`workers` is then null)."""
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        answers = [readiness.summary()]
        count = None
    else:
        try:
            replies = app.control.broadcast("ready_processes", reply=True, timeout=1.0) or []
        except Exception:  # noqa: BLE001
            replies = []
        answers = [answer for reply in replies for answer in reply.values()]
        count = len(answers)
    return {
        "workers": count,
        "processes_ready": sum(answer.get("ready", 0) for answer in answers),
        "detector": next((a["detector"] for a in answers if a.get("detector")), None),
        "detector_error": next((a["detector_error"] for a in answers if a.get("detector_error")), None),
    }


HEALTH = inline_serializer(
    "Health",
    {
        "database": serializers.CharField(),
        "broker": serializers.CharField(),
        "workers": serializers.IntegerField(allow_null=True, help_text="Workers that answer (null: cannot tell)."),
        "processes_ready": serializers.IntegerField(help_text="Worker processes with their model loaded."),
        "detector": serializers.CharField(allow_null=True, help_text="The runtime the workers detect with."),
        "detector_error": serializers.CharField(allow_null=True, help_text="Why the workers cannot detect."),
    },
)


class HealthView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={(code, "application/json"): HEALTH for code in (200, 503)},
        summary="Health of the database, the broker and the workers (503 when no process can take work)",
    )
    def get(self, request: Request) -> Response:
        database, broker = database_ok(), broker_ok()
        body = {"database": "ok" if database else "unavailable", "broker": "ok" if broker else "unavailable"}
        if broker:
            body |= workers()
        else:
            body |= {"workers": 0, "processes_ready": 0, "detector": None, "detector_error": None}
        healthy = database and broker and body["processes_ready"] > 0
        return Response(body, status=200 if healthy else 503)
