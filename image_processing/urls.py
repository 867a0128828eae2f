from django.urls import path

from core.api.routing import slash_optional

from . import album_views, people_views, sharing_views, views

urlpatterns = [
    *slash_optional("images/", views.ImageListView.as_view(), "image-list"),
    *slash_optional("images/<uuid:image_id>/", views.ImageDetailView.as_view(), "image-detail"),
    path("images/<uuid:image_id>/file", views.ImageFileView.as_view(), name="image-file"),
    path("images/<uuid:image_id>/thumbnail", views.ImageThumbnailView.as_view(), name="image-thumbnail"),
    path("images/<uuid:image_id>/annotated", views.ImageAnnotatedView.as_view(), name="image-annotated"),
    *slash_optional("duplicates/", views.DuplicateListView.as_view(), "duplicate-list"),
    path("duplicates/<uuid:group_id>/resolve", views.DuplicateResolveView.as_view(), name="duplicate-resolve"),
    *slash_optional("trash/", views.TrashListView.as_view(), "trash-list"),
    *slash_optional("trash/<uuid:photo_id>/", views.TrashedPhotoView.as_view(), "trash-detail"),
    path("trash/<uuid:photo_id>/restore", views.TrashRestoreView.as_view(), name="trash-restore"),
    path("trash/<uuid:photo_id>/thumbnail", views.TrashedThumbnailView.as_view(), name="trash-thumbnail"),
    *slash_optional("albums/", album_views.AlbumListView.as_view(), "album-list"),
    *slash_optional("albums/<uuid:album_id>/", album_views.AlbumDetailView.as_view(), "album-detail"),
    path("albums/<uuid:album_id>/photos", album_views.AlbumPhotosView.as_view(), name="album-photos"),
    path("albums/<uuid:album_id>/members", sharing_views.AlbumMemberListView.as_view(), name="album-members"),
    path(
        "albums/<uuid:album_id>/members/<str:username>",
        sharing_views.AlbumMemberView.as_view(),
        name="album-member",
    ),
    path("albums/<uuid:album_id>/links", sharing_views.AlbumLinkListView.as_view(), name="album-links"),
    path("albums/<uuid:album_id>/links/<uuid:link_id>", sharing_views.AlbumLinkView.as_view(), name="album-link"),
    *slash_optional("shared/<str:token>/", sharing_views.SharedAlbumView.as_view(), "shared-album"),
    path(
        "shared/<str:token>/photos/<uuid:image_id>/thumbnail",
        sharing_views.SharedThumbnailView.as_view(),
        name="shared-thumbnail",
    ),
    path(
        "shared/<str:token>/photos/<uuid:image_id>/preview",
        sharing_views.SharedPreviewView.as_view(),
        name="shared-preview",
    ),
    path("shared/<str:token>/photos/<uuid:image_id>/file", sharing_views.SharedFileView.as_view(), name="shared-file"),
    *slash_optional("people/", people_views.PersonListView.as_view(), "person-list"),
    *slash_optional("people/<uuid:person_id>/", people_views.PersonDetailView.as_view(), "person-detail"),
    path("people/<uuid:person_id>/merge", people_views.PersonMergeView.as_view(), name="person-merge"),
    path("people/<uuid:person_id>/thumbnail", people_views.PersonThumbnailView.as_view(), name="person-thumbnail"),
    *slash_optional("faces/<uuid:face_id>/", people_views.FaceDetailView.as_view(), "face-detail"),
    *slash_optional("labels/", views.LabelListView.as_view(), "label-list"),
    *slash_optional("models/", views.ModelListView.as_view(), "model-list"),
    path("search/suggest", views.SuggestView.as_view(), name="search-suggest"),
]
