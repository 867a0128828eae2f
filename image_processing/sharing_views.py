"""REST controllers for sharing albums: members and links (for the album's owner), and the album a link opens
(for anyone with the link, no account needed: throttled per client and per link)."""

import hashlib
import uuid

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from core.api.negotiation import IgnoreAccept
from core.api.pagination import PageNumberPagination
from core.api.responses import ChunkedFileResponse

from .album_serializers import (
    LinkInput,
    LinkOutput,
    MemberInput,
    MemberOutput,
    MemberRoleInput,
    SharedPageOutput,
    SharedPhotoOutput,
)
from .album_views import FORBIDDEN
from .services.photos import PhotoService
from .services.sharing import SharingService

_JPEG = {(200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY, description="A JPEG.")}


class AlbumMemberListView(APIView):
    @extend_schema(
        responses={200: MemberOutput(many=True), **FORBIDDEN}, summary="Who an album of yours is shared with"
    )
    def get(self, request: Request, album_id: uuid.UUID) -> Response:
        return Response(MemberOutput(SharingService().members(request.user.id, album_id), many=True).data)

    @extend_schema(
        request=MemberInput,
        responses={201: MemberOutput, **FORBIDDEN},
        summary="Share an album of yours with someone's account, as a viewer or a contributor",
        description="404 `user_not_found` if nobody has the username; 409 `already_member`.",
    )
    def post(self, request: Request, album_id: uuid.UUID) -> Response:
        given = MemberInput(data=request.data)
        given.is_valid(raise_exception=True)
        member = SharingService().invite(request.user.id, album_id, **given.validated_data)
        return Response(MemberOutput(member).data, status=status.HTTP_201_CREATED)


class AlbumMemberView(APIView):
    @extend_schema(
        request=MemberRoleInput, responses={200: MemberOutput, **FORBIDDEN}, summary="Change a member's role"
    )
    def patch(self, request: Request, album_id: uuid.UUID, username: str) -> Response:
        given = MemberRoleInput(data=request.data)
        given.is_valid(raise_exception=True)
        member = SharingService().change_role(request.user.id, album_id, username, given.validated_data.get("role"))
        return Response(MemberOutput(member).data)

    @extend_schema(
        responses={204: None, **FORBIDDEN},
        summary="Remove a member (or leave an album shared with you): the photos they added leave with them",
    )
    def delete(self, request: Request, album_id: uuid.UUID, username: str) -> Response:
        SharingService().remove(request.user.id, album_id, username)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlbumLinkListView(APIView):
    @extend_schema(responses={200: LinkOutput(many=True), **FORBIDDEN}, summary="The links to an album of yours")
    def get(self, request: Request, album_id: uuid.UUID) -> Response:
        links = SharingService().links(request.user.id, album_id)
        return Response(LinkOutput(links, many=True, context={"request": request}).data)

    @extend_schema(
        request=LinkInput,
        responses={201: LinkOutput, **FORBIDDEN},
        summary="Make a link that opens an album of yours, read-only, to anyone who has it",
        description="The token is 256 random bits. 400 `invalid_expiry` for an expiry that has passed.",
    )
    def post(self, request: Request, album_id: uuid.UUID) -> Response:
        given = LinkInput(data=request.data)
        given.is_valid(raise_exception=True)
        link = SharingService().create_link(request.user.id, album_id, **given.validated_data)
        return Response(LinkOutput(link, context={"request": request}).data, status=status.HTTP_201_CREATED)


class AlbumLinkView(APIView):
    @extend_schema(responses={204: None, **FORBIDDEN}, summary="Revoke a link: it opens nothing from now on")
    def delete(self, request: Request, album_id: uuid.UUID, link_id: uuid.UUID) -> Response:
        SharingService().revoke_link(request.user.id, album_id, link_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PerLinkThrottle(SimpleRateThrottle):
    """Requests under one link, whoever makes them, counted under a hash of its token (never the token)."""

    scope = "shared_link"

    def get_cache_key(self, request: Request, view) -> str:
        token = view.kwargs.get("token", "")
        return self.cache_format % {"scope": self.scope, "ident": hashlib.sha256(token.encode()).hexdigest()}


class _OpenToTheLink(APIView):
    """Open to anyone with the link: no account, no session (so CSRF does not apply), throttled."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle, PerLinkThrottle]
    throttle_scope = "shared"


class SharedAlbumView(_OpenToTheLink):
    @extend_schema(
        parameters=[
            OpenApiParameter("page", int, description="A page number of the photos."),
            OpenApiParameter("page_size", int, description="How many photos a page holds (default 50, at most 200)."),
        ],
        responses=SharedPageOutput,
        summary="An album shared by link and a page of its photos, the newest first (no account needed)",
        description="404 `link_not_found` for a token never made, expired or revoked alike.",
    )
    def get(self, request: Request, token: str) -> Response:
        sharing, paginator = SharingService(), PageNumberPagination()
        link = sharing.open_link(token)
        page = paginator.paginate_queryset(sharing.photos(link), request, view=self)
        answer = paginator.get_paginated_response(SharedPhotoOutput(page, many=True, context={"link": link}).data)
        album = link.album
        answer.data["album"] = {
            "title": album.title,
            "description": album.description,
            "photo_count": paginator.page.paginator.count,
            "allow_download": link.allow_download,
            "expires_at": link.expires_at,
        }
        return answer


class SharedThumbnailView(_OpenToTheLink):
    content_negotiation_class = IgnoreAccept

    @extend_schema(responses=_JPEG, summary="A shared photo's thumbnail, at most 512 px")
    def get(self, request: Request, token: str, image_id: uuid.UUID) -> ChunkedFileResponse:
        _, image = SharingService().photo(token, image_id)
        photo = PhotoService().open_thumbnail(image)
        response = ChunkedFileResponse(photo.stream, content_type=photo.content_type)
        response["Cache-Control"] = "private, no-store"  # a revoked link must not keep showing it
        return response


class SharedPreviewView(_OpenToTheLink):
    content_negotiation_class = IgnoreAccept

    @extend_schema(responses=_JPEG, summary="A shared photo at most 2048 px, for viewing")
    def get(self, request: Request, token: str, image_id: uuid.UUID) -> HttpResponse:
        _, image = SharingService().photo(token, image_id)
        response = HttpResponse(PhotoService().render_preview(image), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response


class SharedFileView(_OpenToTheLink):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The original file.")},
        summary="A shared photo's original, if the link lets it be saved (403 `download_not_allowed` otherwise)",
    )
    def get(self, request: Request, token: str, image_id: uuid.UUID) -> ChunkedFileResponse:
        photo = PhotoService().open_original(SharingService().original(token, image_id))
        response = ChunkedFileResponse(photo.stream, content_type=photo.content_type, filename=photo.filename)
        response["Cache-Control"] = "private, no-store"
        return response
