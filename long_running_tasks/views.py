"""REST controllers for tasks: thin, they validate, call TaskService and serialize."""

import uuid

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.pagination import PageNumberPagination
from core.api.responses import give_back_connection
from core.api.schema import refusals
from core.errors import NotFound

from .progress_stream import EventStreamRenderer, progress_events
from .serializers import TaskListQuery, TaskOutput, TaskResultOutput, TaskSubmitInput, TaskTypeOutput
from .service import TaskService


class TaskTypeListView(APIView):
    @extend_schema(responses=TaskTypeOutput(many=True), summary="The kinds of task you can submit")
    def get(self, request: Request) -> Response:
        return Response(TaskTypeOutput(TaskService().task_types(), many=True).data)


class TaskSubmitView(APIView):
    @extend_schema(
        request=TaskSubmitInput,
        responses={
            202: TaskOutput,
            400: OpenApiResponse(description="Invalid image ids or options"),
            404: OpenApiResponse(description="Unknown task type, or images not found"),
        },
        summary="Start a task over some of your photos",
        extensions=refusals(
            unknown_model="no model has the name in `options.model` (`details.known` lists those that do)",
            model_lacks_classes="the model finds none of what the task type looks for",
            unknown_classes="the task type, with that model, does not look for some of `options.classes`",
            invalid_options="a task type that finds no objects (tag) takes no detection options",
        ),
    )
    def post(self, request: Request, task_type: str) -> Response:
        body = TaskSubmitInput(data=request.data)
        body.is_valid(raise_exception=True)
        task = TaskService().submit(
            request.user.id, task_type, body.validated_data["image_ids"], body.validated_data.get("options", {})
        )
        return Response(
            TaskOutput(task).data, status=status.HTTP_202_ACCEPTED, headers={"Location": f"/api/tasks/{task.id}/"}
        )

    def http_method_not_allowed(self, request: Request, *args, **kwargs):
        # /api/tasks/abc/ read as a task: there is no task with that id.
        raise NotFound("No task with this id.", code="task_not_found")


class TaskListView(APIView):
    pagination_class = PageNumberPagination  # for the schema: the list is paginated

    @extend_schema(parameters=[TaskListQuery], responses=TaskOutput(many=True), summary="Your tasks, newest first")
    def get(self, request: Request) -> Response:
        query = TaskListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        tasks = TaskService().list_tasks(request.user.id, query.validated_data.get("status"))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(tasks, request, view=self)
        return paginator.get_paginated_response(TaskOutput(page, many=True).data)


class TaskDetailView(APIView):
    @extend_schema(responses=TaskOutput, summary="A task's status and progress")
    def get(self, request: Request, task_id: uuid.UUID) -> Response:
        return Response(TaskOutput(TaskService().get(request.user.id, task_id)).data)

    @extend_schema(
        request=None,
        responses={
            202: OpenApiResponse(
                TaskOutput, description="Stopping, or stopped; stopping a stopped task again is harmless"
            ),
            409: OpenApiResponse(description="The task has already succeeded or failed"),
        },
        summary="Stop a task",
    )
    def delete(self, request: Request, task_id: uuid.UUID) -> Response:
        return Response(TaskOutput(TaskService().stop(request.user.id, task_id)).data, status=status.HTTP_202_ACCEPTED)


def _task_control(action: str, summary: str, conflict: str):
    """A view for POST /api/tasks/{id}/<action>: 202 with the task, 409 where the action makes no sense."""

    class TaskControlView(APIView):
        @extend_schema(
            request=None,
            responses={202: TaskOutput, 409: OpenApiResponse(description=conflict)},
            summary=summary,
            operation_id=f"tasks_{action}",
        )
        def post(self, request: Request, task_id: uuid.UUID) -> Response:
            task = getattr(TaskService(), action)(request.user.id, task_id)
            return Response(TaskOutput(task).data, status=status.HTTP_202_ACCEPTED)

    return TaskControlView.as_view()


task_pause = _task_control(
    "pause", "Pause a task: it lets go of its workers before its next photo", "The task has already finished"
)
task_resume = _task_control(
    "resume", "Resume a paused task with the photos it has not done", "The task has finished or is stopping"
)
task_retry = _task_control(
    "retry",
    "A new task of the same type and options over this task's failed photos",
    "The task has not finished, or none of its photos failed",
)


class TaskResultsView(APIView):
    pagination_class = PageNumberPagination  # for the schema: the list is paginated

    @extend_schema(responses=TaskResultOutput(many=True), summary="What the task found, image by image")
    def get(self, request: Request, task_id: uuid.UUID) -> Response:
        service = TaskService()
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(service.results(request.user.id, task_id), request, view=self)
        context = {"detections": service.detections_for_items(service.get(request.user.id, task_id), page)}
        return paginator.get_paginated_response(TaskResultOutput(page, many=True, context=context).data)


class TaskEventsView(APIView):
    renderer_classes = [EventStreamRenderer, JSONRenderer]

    @extend_schema(
        responses={(200, "text/event-stream"): OpenApiResponse(OpenApiTypes.STR, description="`progress` events")},
        summary="Live progress: a `progress` event (the Task as JSON) at each change, ending after the final status",
    )
    def get(self, request: Request, task_id: uuid.UUID) -> StreamingHttpResponse:
        owner_id = request.user.id
        TaskService().get(owner_id, task_id)  # 404 before the stream starts
        give_back_connection()  # the stream's own reads borrow one for each read

        def load_state(task_id: uuid.UUID) -> tuple:
            return TaskService().progress_state(owner_id, task_id)

        def load_task(task_id: uuid.UUID) -> dict:
            return TaskOutput(TaskService().get(owner_id, task_id)).data

        events = progress_events(task_id, load_state, load_task)
        response = StreamingHttpResponse(events, content_type="text/event-stream")
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"  # tell nginx-style proxies not to buffer the stream
        return response

    def finalize_response(self, request: Request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON in the error shape, even to a client that asked for an event stream.
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)
