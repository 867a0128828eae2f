"""GET /api/health: is each part Spotter needs reachable, and how many worker processes can take work."""

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


HEALTH = inline_serializer(
    "Health",
    {
        "database": serializers.CharField(),
        "broker": serializers.CharField(),
        "workers": serializers.IntegerField(help_text="Workers with a process heard from in the last 20 s."),
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
        if database and broker:  # the workers' readiness is read from the database
            body |= readiness.summary()
        else:
            body |= {"workers": 0, "processes_ready": 0, "detector": None, "detector_error": None}
        healthy = database and broker and body["processes_ready"] > 0
        return Response(body, status=200 if healthy else 503)
