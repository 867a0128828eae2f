"""A person's albums: photos they chose, or a live album that keeps a search (its query and filters) and whose
photos are always that search's current results. Deleting an album leaves its photos where they are; deleting a
photo takes it out of its albums (and restoring it from the trash puts it back).

An album shared with others (services/sharing.py) is seen by its members: a viewer sees it, a contributor may also
add photos of their own and take them out again; only its owner changes the album itself. Each call checks the
caller's role as it is now, so a change of role or a member removed takes effect at once."""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from core.errors import Forbidden, InvalidInput

from ..album_repository import AlbumRepository
from ..models import Album, Image
from ..repository import ImageRepository, PhotoFilters
from ..search.query_parser import QueryRefused, parse
from ..search.ranking import RankedPhotos
from .gallery import GalleryService
from .photos import PhotoService

# Each role may do what those before it may.
ROLES = ("viewer", "contributor", "owner")
ONLY = {
    "contributor": "Viewers of a shared album cannot add or take out photos.",
    "owner": "Only the album's owner can do this.",
}


class AlbumService:
    def __init__(self, repository: ImageRepository | None = None):
        self.images = repository or ImageRepository()
        self.albums = AlbumRepository()
        self.gallery = GalleryService(self.images)

    def create(self, owner_id: int, title: str, description: str = "", query: str = "", filters: dict | None = None,
               image_ids: Iterable[uuid.UUID] = ()) -> Album:  # fmt: skip
        """A new album; with a query or filters, a live one (which takes no chosen photos)."""
        filters, image_ids = filters or {}, list(image_ids)
        if (query or filters) and image_ids:
            raise InvalidInput("A live album shows its search's photos: it takes no chosen ones.", code="live_album")
        self._check_search(Album(owner_id=owner_id, query=query, filters=filters))
        PhotoService(self.images).require_owned(owner_id, image_ids)
        with transaction.atomic():
            album = self.albums.create(
                owner_id=owner_id, title=title, description=description, query=query, filters=filters
            )
            self.albums.add(album, image_ids)
        return self.get(owner_id, album.id)

    def visible_to(self, user_id: int) -> QuerySet[Album]:
        """The person's albums and those shared with them, each with their `role` in it."""
        return self.albums.visible_to(user_id)

    def get(self, user_id: int, album_id: uuid.UUID, role: str = "viewer") -> Album:
        """The album, if it is the person's or shared with them (a 404 otherwise) and their role in it allows
        what `role` may do (a 403 otherwise)."""
        album = self.gallery.album(user_id, album_id)
        if ROLES.index(album.role) < ROLES.index(role):
            raise Forbidden(ONLY[role], code="role_required", details={"needed": role, "role": album.role})
        return album

    def update(self, owner_id: int, album_id: uuid.UUID, changes: dict) -> Album:
        """Rename, describe, change a live album's search, or choose its cover (one of its photos; None: its
        newest)."""
        album = self.get(owner_id, album_id, role="owner")
        updated = replace_fields(album, changes)
        self._check_search(updated)
        if updated.cover_id is not None and not self.photos(updated).filter(id=updated.cover_id).exists():
            raise InvalidInput("The cover must be one of the album's photos.", code="cover_not_in_album")
        if album.chosen and updated.live:
            raise InvalidInput("An album of chosen photos cannot become a live one.", code="live_album")
        self.albums.save(updated, [field if field != "cover" else "cover_id" for field in changes])
        return self.get(owner_id, album_id)

    def delete(self, owner_id: int, album_id: uuid.UUID) -> None:
        """The album goes; its photos stay in their owners' libraries."""
        self.albums.delete(self.get(owner_id, album_id, role="owner"))

    def add(self, user_id: int, album_id: uuid.UUID, image_ids: list[uuid.UUID]) -> int:
        """Add photos of the person's own to a chosen album; how many were not in it yet."""
        album = self._chosen(user_id, album_id)
        PhotoService(self.images).require_owned(user_id, image_ids)
        return self.albums.add(album, image_ids)

    def add_results(self, user_id: int, album_id: uuid.UUID, filters: PhotoFilters) -> int:
        """Add the person's photos a search finds now (they stay when the search would no longer find them)."""
        album = self._chosen(user_id, album_id)
        found = self.gallery.list_images(user_id, filters)
        found = found.queryset() if isinstance(found, RankedPhotos) else found
        return self.albums.add(album, list(found.values_list("id", flat=True)))

    def remove(self, user_id: int, album_id: uuid.UUID, image_ids: list[uuid.UUID]) -> int:
        """Take photos out: its owner any of them, a contributor only their own."""
        album = self._chosen(user_id, album_id)
        return self.albums.remove(album, image_ids, owner_id=None if album.role == "owner" else user_id)

    def photos(self, album: Album) -> QuerySet[Image]:
        return self.gallery.album_photos(album)

    def cover(self, album: Album) -> Image | None:
        """Its chosen cover, else its newest photo by the date taken."""
        photos = self.gallery.newest_first(self.photos(album))
        return (photos.filter(id=album.cover_id).first() if album.cover_id else None) or photos.first()

    def summaries(self, albums: Iterable[Album]) -> tuple[dict, dict]:
        """Per album, how many photos it has and its cover (None while it has none)."""
        counts, covers = {}, {}
        for album in albums:
            counts[album.id] = album.chosen if not album.live else self.photos(album).count()
            covers[album.id] = self.cover(album)
        return counts, covers

    def _check_search(self, album: Album) -> None:
        """A live album's search must be one the gallery answers now, and name no album (an album of albums could
        name itself)."""
        if not album.live:
            return
        try:
            terms = parse(album.query) if album.query else []
        except QueryRefused as refused:
            raise InvalidInput(refused.message, code=refused.code, details=refused.details) from refused
        if any(term.album for term in terms):
            raise InvalidInput("A live album's search cannot name an album.", code="invalid_album_query")
        self.gallery.album_photos(album, strict=True)

    def _chosen(self, user_id: int, album_id: uuid.UUID) -> Album:
        album = self.get(user_id, album_id, role="contributor")
        if album.live:
            raise InvalidInput("A live album shows its search's photos: change its search instead.", code="live_album")
        return album


def replace_fields(album: Album, changes: dict) -> Album:
    """The album with these changes (cover: an image id or None), not yet saved."""
    for field, value in changes.items():
        setattr(album, "cover_id" if field == "cover" else field, value)
    return album
