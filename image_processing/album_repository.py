"""The only code that queries the album tables: albums, the photos chosen for them, the people they are shared
with and the links that open them."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from .models import Album, AlbumMember, AlbumPhoto, Image, ShareLink


class AlbumRepository:
    def create(self, **fields) -> Album:
        return Album.objects.create(**fields)

    def visible_to(self, user_id: int) -> QuerySet[Album]:
        """The person's own albums and those shared with them, the latest changed first, each with the person's
        `role` in it ("owner", "contributor" or "viewer"), its owner's name (`owner_name`) and how many photos
        it has chosen (`chosen`)."""
        membership = AlbumMember.objects.filter(album=OuterRef("pk"), user_id=user_id)
        albums = Album.objects.filter(Q(owner_id=user_id) | Exists(membership)).annotate(
            role=Case(When(owner_id=user_id, then=Value("owner")), default=Subquery(membership.values("role")[:1])),
            owner_name=F("owner__username"),
            chosen=Count("entries"),
        )
        return albums.order_by("-updated_at", "-id")

    def album(self, user_id: int, album_id: uuid.UUID) -> Album | None:
        """The album, if it is the person's or shared with them (with `role`, `owner_name` and `chosen`)."""
        return self.visible_to(user_id).filter(id=album_id).first()

    def owned(self, owner_id: int) -> QuerySet[Album]:
        return Album.objects.filter(owner_id=owner_id)

    def titled(self, owner_id: int, title: str) -> list[Album]:
        return list(Album.objects.filter(owner_id=owner_id, title__iexact=title))

    def live_shared_with(self, user_id: int) -> list[Album]:
        """The live albums someone shared with this person."""
        shared = Album.objects.filter(members__user_id=user_id)
        return list(shared.exclude(query="", filters={}))

    def save(self, album: Album, fields: list[str]) -> None:
        album.save(update_fields=[*fields, "updated_at"])

    def delete(self, album: Album) -> None:
        Album.objects.filter(id=album.id).delete()

    # --- the photos chosen ---

    def chosen_photos(self, album_ids: Iterable[uuid.UUID]) -> QuerySet[Image]:
        return Image.objects.filter(album_entries__album_id__in=list(album_ids))

    def chosen_for_albums_of(self, user_id: int, image_id: uuid.UUID) -> Image | None:
        """This photo, if it was chosen for an album the person owns or is a member of."""
        albums = Album.objects.filter(Q(owner_id=user_id) | Q(members__user_id=user_id))
        return Image.objects.filter(id=image_id, album_entries__album__in=albums.values("id")).first()

    def add(self, album: Album, image_ids: Iterable[uuid.UUID]) -> int:
        """Add these photos (once each); how many were not in it yet."""
        rows = [AlbumPhoto(album=album, image_id=image_id) for image_id in image_ids]
        before = AlbumPhoto.objects.filter(album=album).count()
        AlbumPhoto.objects.bulk_create(rows, ignore_conflicts=True)
        Album.objects.filter(id=album.id).update(updated_at=timezone.now())
        return AlbumPhoto.objects.filter(album=album).count() - before

    def remove(self, album: Album, image_ids: Iterable[uuid.UUID], owner_id: int | None = None) -> int:
        """Take these photos out (only those of `owner_id`, if given); how many were in it."""
        entries = AlbumPhoto.objects.filter(album=album, image_id__in=list(image_ids))
        removed, _ = (entries.filter(image__owner_id=owner_id) if owner_id is not None else entries).delete()
        return removed

    def copy_entries(self, from_ids: list[uuid.UUID], to_id: uuid.UUID) -> None:
        """Put the photo `to_id` in every album any of `from_ids` is in."""
        albums = set(AlbumPhoto.objects.filter(image_id__in=from_ids).values_list("album_id", flat=True))
        AlbumPhoto.objects.bulk_create(
            [AlbumPhoto(album_id=album_id, image_id=to_id) for album_id in albums], ignore_conflicts=True
        )

    # --- members ---

    def members(self, album: Album) -> list[AlbumMember]:
        return list(AlbumMember.objects.filter(album=album).select_related("user"))

    def member(self, album: Album, username: str) -> AlbumMember | None:
        return AlbumMember.objects.filter(album=album, user__username=username).select_related("user").first()

    def user_id_named(self, username: str) -> int | None:
        return get_user_model().objects.filter(username=username).values_list("id", flat=True).first()

    def add_member(self, album: Album, user_id: int, role: str) -> AlbumMember:
        """The person's membership with this role, made or changed."""
        AlbumMember.objects.update_or_create(album=album, user_id=user_id, defaults={"role": role})
        return AlbumMember.objects.select_related("user").get(album=album, user_id=user_id)

    def remove_member(self, member: AlbumMember) -> None:
        """They go, and with them the photos of theirs they had added."""
        AlbumPhoto.objects.filter(album_id=member.album_id, image__owner_id=member.user_id).delete()
        member.delete()

    # --- links ---

    def links(self, album: Album) -> list[ShareLink]:
        return list(ShareLink.objects.filter(album=album))

    def create_link(self, album: Album, token: str, expires_at: datetime | None, allow_download: bool) -> ShareLink:
        return ShareLink.objects.create(album=album, token=token, expires_at=expires_at, allow_download=allow_download)

    def open_link(self, token: str) -> ShareLink | None:
        """The link with this token, with its album, unless it expired (a revoked link is gone)."""
        unexpired = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        return ShareLink.objects.filter(unexpired, token=token).select_related("album").first()

    def delete_link(self, album: Album, link_id: uuid.UUID) -> bool:
        deleted, _ = ShareLink.objects.filter(album=album, id=link_id).delete()
        return bool(deleted)
