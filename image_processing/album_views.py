"""REST controllers for albums: thin, they validate, call the album service and serialize."""

import uuid

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.pagination import PageNumberPagination
from core.api.schema import BodyOnDeleteSchema, refusals

from .album_serializers import (
    AlbumInput,
    AlbumOutput,
    AlbumPhotosInput,
    AlbumPhotosOutput,
    AlbumPhotosRemoveInput,
    AlbumUpdateInput,
)
from .repository import PhotoFilters
from .serializers import SEARCH_REFUSED, UNKNOWN_MODEL
from .services.albums import AlbumService

# A member of a shared album whose role does not allow what they asked.
FORBIDDEN = {403: OpenApiResponse(description="`role_required`: your role in this album does not allow it.")}
LIVE_ALBUM = {"live_album": "a live album's photos are its search's results: it takes no chosen photos"}
# What a live album's search may be refused for, as the gallery refuses a search.
SEARCH = {
    **SEARCH_REFUSED,
    **UNKNOWN_MODEL,
    "invalid_album_query": "a live album's search names an album",
}


def _answer(service: AlbumService, albums) -> dict:
    counts, covers = service.summaries(albums)
    return AlbumOutput(albums, many=True, context={"counts": counts, "covers": covers}).data


class AlbumListView(APIView):
    pagination_class = PageNumberPagination  # for the schema: the list is paginated

    @extend_schema(
        responses=AlbumOutput(many=True), summary="Your albums and those shared with you, the latest changed first"
    )
    def get(self, request: Request) -> Response:
        service, paginator = AlbumService(), PageNumberPagination()
        page = paginator.paginate_queryset(service.visible_to(request.user.id), request, view=self)
        return paginator.get_paginated_response(_answer(service, page))

    @extend_schema(
        request=AlbumInput,
        responses={201: AlbumOutput},
        summary="Create an album of chosen photos, or a live album that keeps a search",
        extensions=refusals(**LIVE_ALBUM, **SEARCH),
    )
    def post(self, request: Request) -> Response:
        given = AlbumInput(data=request.data)
        given.is_valid(raise_exception=True)
        service = AlbumService()
        album = service.create(request.user.id, **given.validated_data)
        return Response(_answer(service, [album])[0], status=status.HTTP_201_CREATED)


class AlbumDetailView(APIView):
    @extend_schema(
        responses=AlbumOutput, summary="One of your albums or one shared with you (its photos: GET /api/images/?album=)"
    )
    def get(self, request: Request, album_id: uuid.UUID) -> Response:
        service = AlbumService()
        return Response(_answer(service, [service.get(request.user.id, album_id)])[0])

    @extend_schema(
        request=AlbumUpdateInput,
        responses={200: AlbumOutput, **FORBIDDEN},
        summary="Rename or describe an album, change a live album's search, or choose its cover",
        extensions=refusals(**LIVE_ALBUM, **SEARCH, cover_not_in_album="the cover is not one of the album's photos"),
    )
    def patch(self, request: Request, album_id: uuid.UUID) -> Response:
        given = AlbumUpdateInput(data=request.data)
        given.is_valid(raise_exception=True)
        service = AlbumService()
        album = service.update(request.user.id, album_id, given.validated_data)
        return Response(_answer(service, [album])[0])

    @extend_schema(
        responses={204: None, **FORBIDDEN}, summary="Delete an album (its photos stay in their owners' libraries)"
    )
    def delete(self, request: Request, album_id: uuid.UUID) -> Response:
        AlbumService().delete(request.user.id, album_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlbumPhotosView(APIView):
    schema = BodyOnDeleteSchema()

    @extend_schema(
        request=AlbumPhotosInput,
        responses={200: AlbumPhotosOutput, **FORBIDDEN},
        summary="Add photos of yours to an album: these, and those a search finds now",
        extensions=refusals(**LIVE_ALBUM),
    )
    def post(self, request: Request, album_id: uuid.UUID) -> Response:
        given = AlbumPhotosInput(data=request.data)
        given.is_valid(raise_exception=True)
        service, owner_id, wanted = AlbumService(), request.user.id, given.validated_data
        added = service.add(owner_id, album_id, wanted["image_ids"])
        if "q" in wanted:
            added += service.add_results(owner_id, album_id, PhotoFilters(query=wanted["q"]))
        return Response({"changed": added, "photo_count": service.get(owner_id, album_id).chosen})

    @extend_schema(
        request=AlbumPhotosRemoveInput,
        responses={200: AlbumPhotosOutput, **FORBIDDEN},
        summary="Take photos out of an album (they stay in their owner's library); a contributor, only their own",
        extensions=refusals(**LIVE_ALBUM),
    )
    def delete(self, request: Request, album_id: uuid.UUID) -> Response:
        given = AlbumPhotosRemoveInput(data=request.data)
        given.is_valid(raise_exception=True)
        service, owner_id = AlbumService(), request.user.id
        removed = service.remove(owner_id, album_id, given.validated_data["image_ids"])
        return Response({"changed": removed, "photo_count": service.get(owner_id, album_id).chosen})
