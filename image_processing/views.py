"""REST controllers for photos: thin, they validate, call the photo or gallery service and serialize."""

import uuid
from pathlib import Path

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.negotiation import IgnoreAccept
from core.api.pagination import PageNumberPagination
from core.api.responses import ChunkedFileResponse, error_body
from core.api.schema import refusals
from core.errors import Forbidden, InvalidInput

from .detection import DEFAULT_MIN_CONFIDENCE
from .model_registry import ModelRegistry
from .repository import PhotoFilters
from .search.ranking import RankedPhotos
from .serializers import (
    PHOTO_REFUSED,
    SEARCH_REFUSED,
    UNKNOWN_MODEL,
    AnnotatedQuery,
    ImageDetailOutput,
    ImageListQuery,
    ImageOutput,
    LabelFacetsOutput,
    LabelListQuery,
    ModelAddInput,
    ModelListOutput,
    ModelOutput,
    SuggestOutput,
    SuggestQuery,
    UploadedImageOutput,
    UploadInput,
    UploadOutput,
)
from .services.duplicates import DuplicateService
from .services.gallery import GalleryService
from .services.people import PeopleService
from .services.photos import PhotoService
from .services.trash import TrashService
from .tidy_serializers import (
    DuplicateGroupOutput,
    DuplicateListQuery,
    EmptiedOutput,
    ResolvedOutput,
    ResolveInput,
    TrashedPhotoOutput,
)

_BINARY = OpenApiResponse(OpenApiTypes.BINARY, description="The file's bytes.")


class _PhotoPaginator(Paginator):
    """Django's paginator, reading a page of search results and the count of all of them in one statement,
    where it would count them first and then read the page: the whole search twice."""

    def page(self, number):
        if not isinstance(self.object_list, RankedPhotos):
            return super().page(number)
        if not str(number).isdecimal() or len(str(number)) > 9:
            raise InvalidPage("That page number is not a whole number, or is past any results.")
        photos, self.count = self.object_list.page(max(0, int(number) - 1) * self.per_page, self.per_page)
        return Page(photos, self.validate_number(number), self)


class PhotoPagination(PageNumberPagination):
    django_paginator_class = _PhotoPaginator


class ImageListView(APIView):
    parser_classes = [MultiPartParser]
    pagination_class = PhotoPagination  # for the schema: the list is paginated

    @extend_schema(
        parameters=[ImageListQuery],
        responses=ImageOutput(many=True),
        summary="List your photos",
        extensions=refusals(**UNKNOWN_MODEL, **SEARCH_REFUSED),
    )
    def get(self, request: Request) -> Response:
        query = ImageListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = PhotoFilters(**{k: v for k, v in query.validated_data.items() if k != "labels_at"})
        service = GalleryService()
        paginator = PhotoPagination()
        page = paginator.paginate_queryset(service.list_images(request.user.id, filters), request, view=self)
        labels_at = query.validated_data.get(
            "labels_at", DEFAULT_MIN_CONFIDENCE if filters.min_confidence is None else filters.min_confidence
        )
        context = {
            "viewer_id": request.user.id,
            "label_counts": service.label_counts(page, labels_at, filters.model),
            "matches": service.matches(request.user.id, page, filters),
            "best_tags": service.best_tags(page),
            "with_text": service.with_text(page),
        }
        return paginator.get_paginated_response(ImageOutput(page, many=True, context=context).data)

    @extend_schema(
        request={"multipart/form-data": UploadInput},
        responses={201: UploadOutput, 400: UploadOutput},
        summary="Upload one or more photos (parts named `files`)",
        extensions=refusals(**PHOTO_REFUSED),
    )
    def post(self, request: Request) -> Response:
        files = request.FILES.getlist("files")
        if not files:  # the same body as when every file is refused, as the schema says
            body = error_body("no_files", "Send one or more photos as multipart parts named 'files'.")
            return Response({"images": [], "errors": [], **body}, status=status.HTTP_400_BAD_REQUEST)
        outcome = PhotoService().upload(request.user.id, files)
        duplicates = DuplicateService()
        looks_like = {
            image.id: duplicates.looking_alike(request.user.id, image)
            for image in outcome.images
            if image.id not in outcome.duplicates
        }
        context = {"duplicates": outcome.duplicates, "looks_like": looks_like}
        images = UploadedImageOutput(outcome.images, many=True, context=context).data
        body = {"images": images, "errors": outcome.errors}
        if outcome.images:
            return Response(body, status=status.HTTP_201_CREATED)
        first = outcome.errors[0]["error"]
        message = first["message"] if len(outcome.errors) == 1 else "None of the files could be stored."
        body.update(error_body(first["code"] if len(outcome.errors) == 1 else "no_valid_files", message))
        return Response(body, status=status.HTTP_400_BAD_REQUEST)


class ImageDetailView(APIView):
    @extend_schema(
        responses=ImageDetailOutput,
        summary="One photo with its detections: yours, or one in an album shared with you (without its place)",
    )
    def get(self, request: Request, image_id: uuid.UUID) -> Response:
        image, gallery = PhotoService().visible(request.user.id, image_id), GalleryService()
        faces = PeopleService().faces_in(image.id)
        if image.owner_id != request.user.id:  # a photo shared with the caller: only the people its owner named
            faces = [face for face in faces if face.person is not None and face.person.name]
        context = {
            "faces": faces,
            "viewer_id": request.user.id,
            "label_counts": gallery.label_counts([image], DEFAULT_MIN_CONFIDENCE),  # boxes from 0.1 are kept
            "detections": gallery.detections_of(image),
            "tags": gallery.tags_of(image),
            "text": gallery.text_of(image),
            "best_tags": gallery.best_tags([image]),
            "with_text": gallery.with_text([image]),
        }
        return Response(ImageDetailOutput(image, context=context).data)

    @extend_schema(
        responses={204: None},
        summary="Delete a photo: into the trash, with its detections and tags, where it can be restored for a while",
    )
    def delete(self, request: Request, image_id: uuid.UUID) -> Response:
        PhotoService().delete(request.user.id, image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImageFileView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(responses={(200, "*/*"): _BINARY}, summary="The original file")
    def get(self, request: Request, image_id: uuid.UUID) -> ChunkedFileResponse:
        photos = PhotoService()
        photo = photos.open_original(photos.visible(request.user.id, image_id))
        return ChunkedFileResponse(photo.stream, content_type=photo.content_type, filename=photo.filename)


class ImageThumbnailView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(responses={(200, "image/jpeg"): _BINARY}, summary="A JPEG thumbnail, at most 512 px")
    def get(self, request: Request, image_id: uuid.UUID) -> ChunkedFileResponse:
        photos = PhotoService()
        photo = photos.open_thumbnail(photos.visible(request.user.id, image_id))
        response = ChunkedFileResponse(photo.stream, content_type=photo.content_type)
        response["Cache-Control"] = "private, max-age=86400"
        return response


class ImageAnnotatedView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        parameters=[AnnotatedQuery],
        responses={(200, "image/jpeg"): _BINARY},
        summary="The photo with its detections drawn",
        extensions=refusals(**UNKNOWN_MODEL),
    )
    def get(self, request: Request, image_id: uuid.UUID) -> HttpResponse:
        query = AnnotatedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        photos = PhotoService()
        image = photos.visible(request.user.id, image_id)
        jpeg = photos.render_annotated(image, given["min_confidence"], given.get("classes"), given.get("model"))
        response = HttpResponse(jpeg, content_type="image/jpeg")
        # Named after the photo, as the web app's download link names it: "chelsea.png" -> "chelsea-annotated.jpg".
        stem = Path(image.filename).stem or "photo"
        response["Content-Disposition"] = content_disposition_header(False, f"{stem}-annotated.jpg")
        return response


class DuplicateListView(APIView):
    pagination_class = PageNumberPagination  # for the schema: the list is paginated

    @extend_schema(
        parameters=[DuplicateListQuery],
        responses=DuplicateGroupOutput(many=True),
        summary="Your photos that show the same picture, or bursts of alike photos, in groups, best first",
        description="Duplicates: resized, recompressed, lightly cropped or brightened, or re-encoded as another "
        "format, best first (the most pixels, the clearly sharper, the one that kept its camera's data, the least "
        "recompressed). Bursts: photos taken within seconds of each other that look alike, the sharpest first. "
        "Each photo says why it is at its place. Photos stored before fingerprints existed join once "
        "`manage.py fingerprint_photos` has run.",
    )
    def get(self, request: Request) -> Response:
        query = DuplicateListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        kind = query.validated_data["kind"]
        service = DuplicateService()
        groups = service.groups(request.user.id) if kind == "duplicate" else service.bursts(request.user.id)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(groups, request, view=self)
        why = {image_id: reason for group in page for image_id, reason in group.why.items()}
        return paginator.get_paginated_response(DuplicateGroupOutput(page, many=True, context={"why": why}).data)


class DuplicateResolveView(APIView):
    @extend_schema(
        request=ResolveInput,
        responses=ResolvedOutput,
        summary="Keep these photos of a group and put the others in the trash",
        description="The first photo kept (in the group's order) takes the date, place and camera it has none of "
        "from the others. The others can be restored from the trash for `SPOTTER_TRASH_DAYS`. A group is named by "
        "its best photo's id, as the list gives it; one that changed since is a 404 `group_not_found`.",
        extensions=refusals(invalid_keep="`keep` names a photo not in the group (`details.not_in_group`)"),
    )
    def post(self, request: Request, group_id: uuid.UUID) -> Response:
        given = ResolveInput(data=request.data)
        given.is_valid(raise_exception=True)
        resolved = DuplicateService().resolve(request.user.id, group_id, given.validated_data["keep"])
        return Response(ResolvedOutput(resolved).data)


class TrashListView(APIView):
    pagination_class = PageNumberPagination  # for the schema: the list is paginated

    @extend_schema(responses=TrashedPhotoOutput(many=True), summary="Your deleted photos, the latest first")
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(TrashService().contents(request.user.id), request, view=self)
        return paginator.get_paginated_response(TrashedPhotoOutput(page, many=True).data)

    @extend_schema(responses={200: EmptiedOutput}, summary="Empty the trash: delete every photo in it for good")
    def delete(self, request: Request) -> Response:
        return Response({"deleted": TrashService().empty(request.user.id)})


class TrashedPhotoView(APIView):
    @extend_schema(responses={204: None}, summary="Delete a photo in the trash for good, with its files")
    def delete(self, request: Request, photo_id: uuid.UUID) -> Response:
        TrashService().delete_for_good(request.user.id, photo_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TrashRestoreView(APIView):
    @extend_schema(
        request=None,
        responses=ImageOutput,
        summary="Put a photo back in the library, with its detections and tags",
        extensions=refusals(already_in_library="the same photo was uploaded again since (`details.image_id`)"),
    )
    def post(self, request: Request, photo_id: uuid.UUID) -> Response:
        image = TrashService().restore(request.user.id, photo_id)
        return Response(ImageOutput(image).data)


class TrashedThumbnailView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(responses={(200, "image/jpeg"): _BINARY}, summary="A trashed photo's thumbnail")
    def get(self, request: Request, photo_id: uuid.UUID) -> ChunkedFileResponse:
        return ChunkedFileResponse(TrashService().open_thumbnail(request.user.id, photo_id), content_type="image/jpeg")


class LabelListView(APIView):
    @extend_schema(
        parameters=[LabelListQuery],
        responses=LabelFacetsOutput,
        summary="Classes found in your photos",
        extensions=refusals(**UNKNOWN_MODEL),
    )
    def get(self, request: Request) -> Response:
        query = LabelListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        facets = GalleryService().label_facets(request.user.id, given["min_confidence"], given.get("model"))
        return Response({"labels": [{"label": label, "count": count} for label, count in facets]})


class SuggestView(APIView):
    @extend_schema(
        parameters=[SuggestQuery],
        responses=SuggestOutput,
        summary="Complete a search term",
        extensions=refusals(**UNKNOWN_MODEL),
    )
    def get(self, request: Request) -> Response:
        query = SuggestQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        return Response({"suggestions": GalleryService().suggest(request.user.id, given["prefix"], given.get("model"))})


class ModelListView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(responses=ModelListOutput, summary="The detection models tasks can run")
    def get(self, request: Request) -> Response:
        return Response(ModelListOutput({"models": ModelRegistry().all()}).data)

    @extend_schema(
        request={"multipart/form-data": ModelAddInput},
        responses={201: ModelOutput},
        summary="Add a detection model (staff users only)",
        extensions=refusals(model_refused="the file is no model Spotter can run, or the name is taken"),
    )
    def post(self, request: Request) -> Response:
        if not request.user.is_staff:
            raise Forbidden("Only staff users may add models.", code="staff_only")
        given = ModelAddInput(data=request.data)
        given.is_valid(raise_exception=True)
        fields, labels = given.validated_data, given.validated_data.get("labels")
        try:
            labels_text = labels.read().decode() if labels is not None else None
        except UnicodeDecodeError as error:
            raise InvalidInput("The labels file is not UTF-8 text.", code="model_refused") from error
        registry = ModelRegistry()
        spec = registry.add(fields["file"], fields["file"].name, fields["name"], labels_text, fields.get("input_size"),
                            fields["default"], fields.get("title"))  # fmt: skip
        return Response(ModelOutput(registry.describe(spec.name)).data, status=status.HTTP_201_CREATED)
