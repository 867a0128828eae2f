"""REST controllers for people and faces: thin, they validate, call the people service and serialize."""

import uuid

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.negotiation import IgnoreAccept
from core.api.pagination import PageNumberPagination

from .people_serializers import (
    FaceOutput,
    FaceUpdateInput,
    MergeInput,
    PeopleQuery,
    PersonDetailOutput,
    PersonOutput,
    PersonUpdateInput,
)
from .services.people import PeopleService
from .services.photos import PhotoService


def _context(service: PeopleService, owner_id: int, people: list) -> dict:
    face_counts, covers = service.summaries(people)
    return {"face_counts": face_counts, "covers": covers, "same_name": service.same_name(owner_id, people)}


class PersonListView(APIView):
    pagination_class = PageNumberPagination  # for the schema: the list is paginated

    @extend_schema(
        parameters=[PeopleQuery], responses=PersonOutput(many=True), summary="Your people, most photos first"
    )
    def get(self, request: Request) -> Response:
        query = PeopleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        service, paginator = PeopleService(), PageNumberPagination()
        given = query.validated_data
        people = service.listed(request.user.id, given["named"], given["hidden"])
        page = paginator.paginate_queryset(people, request, self)
        context = _context(service, request.user.id, page)
        return paginator.get_paginated_response(PersonOutput(page, many=True, context=context).data)


def _detail(service: PeopleService, owner_id: int, person) -> Response:
    context = {**_context(service, owner_id, [person]), "faces": service.faces(person)}
    return Response(PersonDetailOutput(person, context=context).data)


class PersonDetailView(APIView):
    @extend_schema(responses=PersonDetailOutput, summary="One of your people, with their faces")
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        service = PeopleService()
        return _detail(service, request.user.id, service.get(request.user.id, person_id))

    @extend_schema(
        request=PersonUpdateInput,
        responses=PersonDetailOutput,
        summary="Name a person (their faces found later keep the name), or hide them",
    )
    def patch(self, request: Request, person_id: uuid.UUID) -> Response:
        given = PersonUpdateInput(data=request.data)
        given.is_valid(raise_exception=True)
        service = PeopleService()
        return _detail(service, request.user.id, service.update(request.user.id, person_id, given.validated_data))


class PersonMergeView(APIView):
    @extend_schema(
        request=MergeInput,
        responses=PersonDetailOutput,
        summary="Merge a person into another, who takes their faces (and their name, having none)",
    )
    def post(self, request: Request, person_id: uuid.UUID) -> Response:
        given = MergeInput(data=request.data)
        given.is_valid(raise_exception=True)
        service = PeopleService()
        into = service.merge(request.user.id, person_id, given.validated_data["into"])
        return _detail(service, request.user.id, into)


class PersonThumbnailView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        responses={(200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="A JPEG.")},
        summary="A person's face, cut out of their photo's thumbnail",
    )
    def get(self, request: Request, person_id: uuid.UUID) -> HttpResponse:
        face = PeopleService().cover_face(request.user.id, person_id)
        response = HttpResponse(PhotoService().face_thumbnail(face), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=300"
        return response


class FaceDetailView(APIView):
    @extend_schema(
        request=FaceUpdateInput,
        responses=FaceOutput,
        summary='Put a face in another person, or in one of its own ("not this person")',
    )
    def patch(self, request: Request, face_id: uuid.UUID) -> Response:
        given = FaceUpdateInput(data=request.data)
        given.is_valid(raise_exception=True)
        service, wanted = PeopleService(), given.validated_data
        face = service.move_face(request.user.id, face_id, wanted["person"]) if "person" in wanted else None
        return Response(FaceOutput(face or service.face(request.user.id, face_id)).data)
