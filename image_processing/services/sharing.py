"""Sharing an album: with other people's accounts, as viewers or contributors (services/albums.py says what each
may do), and by link, which opens the album read-only to anyone who has the link, without an account, until it
expires or is revoked. A link's token is 256 random bits. An unknown, an expired and a revoked token are looked up
by the same one query and answered alike."""

import secrets
import uuid
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import Conflict, Forbidden, InvalidInput, NotFound

from ..album_repository import AlbumRepository
from ..models import AlbumMember, Image, ShareLink
from .albums import AlbumService
from .gallery import GalleryService

TOKEN_BYTES = 32


class SharingService:
    def __init__(self):
        self.albums = AlbumRepository()
        self.album_service = AlbumService()
        self.gallery = GalleryService()

    # --- with accounts ---

    def members(self, owner_id: int, album_id: uuid.UUID) -> list[AlbumMember]:
        return self.albums.members(self.album_service.get(owner_id, album_id, role="owner"))

    def invite(self, owner_id: int, album_id: uuid.UUID, username: str, role: str) -> AlbumMember:
        album = self.album_service.get(owner_id, album_id, role="owner")
        user_id = self.albums.user_id_named(username)
        if user_id is None:
            raise NotFound(f"Nobody is called '{username}' here.", code="user_not_found")
        if user_id == owner_id:
            raise InvalidInput("The album is yours already.", code="invalid_member")
        if self.albums.member(album, username) is not None:
            raise Conflict(f"{username} is a member already: change their role instead.", code="already_member")
        return self.albums.add_member(album, user_id, role)

    def change_role(self, owner_id: int, album_id: uuid.UUID, username: str, role: str | None) -> AlbumMember:
        """The member with this role (None: as they are)."""
        album = self.album_service.get(owner_id, album_id, role="owner")
        member = self._member(album, username)
        return self.albums.add_member(album, member.user_id, role) if role else member

    def remove(self, user_id: int, album_id: uuid.UUID, username: str) -> None:
        """Its owner removes a member, or a member leaves; the photos they had added leave with them."""
        album = self.album_service.get(user_id, album_id)
        member = self._member(album, username)
        if album.role != "owner" and member.user_id != user_id:
            raise Forbidden("Only the album's owner can remove others.", code="role_required",
                            details={"needed": "owner", "role": album.role})  # fmt: skip
        with transaction.atomic():
            self.albums.remove_member(member)

    def _member(self, album, username: str) -> AlbumMember:
        member = self.albums.member(album, username)
        if member is None:
            raise NotFound(f"{username} is no member of this album.", code="member_not_found")
        return member

    # --- by link ---

    def links(self, owner_id: int, album_id: uuid.UUID) -> list[ShareLink]:
        return self.albums.links(self.album_service.get(owner_id, album_id, role="owner"))

    def create_link(self, owner_id: int, album_id: uuid.UUID, expires_at: datetime | None = None,
                    allow_download: bool = False) -> ShareLink:  # fmt: skip
        album = self.album_service.get(owner_id, album_id, role="owner")
        if expires_at is not None and expires_at <= timezone.now():
            raise InvalidInput("A link's expiry must be in the future.", code="invalid_expiry")
        return self.albums.create_link(album, secrets.token_urlsafe(TOKEN_BYTES), expires_at, allow_download)

    def revoke_link(self, owner_id: int, album_id: uuid.UUID, link_id: uuid.UUID) -> None:
        """The link stops working at once: its token is answered as one never made."""
        album = self.album_service.get(owner_id, album_id, role="owner")
        if not self.albums.delete_link(album, link_id):
            raise NotFound("No link with this id.", code="link_not_found")

    def open_link(self, token: str) -> ShareLink:
        link = self.albums.open_link(token)
        if link is None:
            raise NotFound("This link does not open anything: it may have expired or been revoked.",
                           code="link_not_found")  # fmt: skip
        return link

    def photos(self, link: ShareLink) -> QuerySet[Image]:
        """The album's photos, the newest first by the date taken."""
        return self.gallery.newest_first(self.gallery.album_photos(link.album))

    def photo(self, token: str, image_id: uuid.UUID) -> tuple[ShareLink, Image]:
        """The link and one of its album's photos; a 404 for any other photo."""
        link = self.open_link(token)
        image = self.gallery.album_photos(link.album).filter(id=image_id).first()
        if image is None:
            raise NotFound("No image with this id in the shared album.", code="image_not_found")
        return link, image

    def original(self, token: str, image_id: uuid.UUID) -> Image:
        """A photo whose original the link lets anyone download; a 403 if it does not."""
        link, image = self.photo(token, image_id)
        if not link.allow_download:
            raise Forbidden("This link does not let its photos be downloaded.", code="download_not_allowed")
        return image
