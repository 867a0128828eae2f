"""Read-only queries over a person's photos: the gallery's pages and searches (ranked best first), why a photo
matched, what was found in each, suggestions as one types, and exports of a selection or a search."""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from django.db.models import QuerySet

from core.errors import InvalidInput, NotFound

from ..album_repository import AlbumRepository
from ..exports import export_zip
from ..model_registry import ModelRegistry
from ..models import Album, Detection, Image, Tag, TextLine
from ..people_repository import PeopleRepository
from ..repository import ImageRepository, PhotoFilters
from ..search.query_parser import QueryRefused, Term, parse
from ..search.ranking import RankedPhotos, evidence
from ..search.scope import PhotoScope
from ..search.text_search import comparable_words
from ..search.vocabulary import normalised, tag_names
from .duplicates import DuplicateService

# Broad words, each covering several objects and tags (search/vocabulary.py), offered as one types: the
# gallery recommends them, and no label or tag starts with them.
BROAD_WORDS = ("animal", "clothing", "food", "fruit", "furniture", "plant", "vehicle")
MIN_READ_PREFIX = 2  # words read are suggested once this much is typed


class GalleryService:
    def __init__(self, repository: ImageRepository | None = None, models: ModelRegistry | None = None):
        self.images = repository or ImageRepository()
        self.albums = AlbumRepository()
        self.people = PeopleRepository()
        self.models = models or ModelRegistry()

    def list_images(self, owner_id: int, filters: PhotoFilters) -> QuerySet[Image] | RankedPhotos:
        """The owner's photos matching the filters; with a search query, the best matches first."""
        return self._photos(owner_id, filters, self.models.result_names(filters.model))

    def matches(self, user_id: int, images: Iterable[Image], filters: PhotoFilters) -> dict[uuid.UUID, list[dict]]:
        """Why each of these photos matched the person's search: per term, the label, tag, line of text or person
        that matched, and how."""
        terms = self._with_people(user_id, _terms(filters) or [])
        if not terms:
            return {}
        found = evidence(
            [image.id for image in images], terms, filters.min_confidence, self.models.result_names(filters.model)
        )
        return {
            image_id: [
                {"term": terms[n].text, "matched": name, "kind": kind, "confidence": confidence}
                for n, name, kind, confidence in sorted(rows, key=lambda row: (row[0], -row[3]))
            ]
            for image_id, rows in found.items()
        }

    def label_counts(
        self, images: Iterable[Image], min_confidence: float, model: str | None = None
    ) -> dict[uuid.UUID, dict[str, int]]:
        """Per photo, how many objects of each class the model (None: the default) found."""
        return self.images.label_counts((image.id for image in images), min_confidence, self.models.result_names(model))

    def best_tags(self, images: Iterable[Image], limit: int = 3) -> dict[uuid.UUID, list[str]]:
        """Per photo, its best tags' names, best first: what a gallery card shows of a photo only tagged."""
        return self.images.best_tags((image.id for image in images), limit)

    def detections_of(self, image: Image, min_confidence: float = 0.0) -> list[Detection]:
        return self.images.detections_of(image.id, min_confidence)

    def tags_of(self, image: Image) -> list[Tag]:
        return self.images.tags_of(image.id)

    def text_of(self, image: Image) -> list[TextLine]:
        return self.images.text_of(image.id)

    def with_text(self, images: Iterable[Image]) -> set[uuid.UUID]:
        """Those of these photos in which text was read."""
        return self.images.with_text(image.id for image in images)

    def label_facets(self, owner_id: int, min_confidence: float, model: str | None = None) -> list[tuple[str, int]]:
        return self.images.label_facets(owner_id, min_confidence, self.models.result_names(model))

    def suggest(self, owner_id: int, prefix: str, model: str | None = None, limit: int = 10) -> list[dict]:
        """Terms present in the owner's photos that complete `prefix`, with how many photos have each: objects,
        tags, broad words, and words read in them (as `text:word`)."""
        prefix, spec = " " + normalised(prefix), self.models.get(model)

        def completes(name: str) -> bool:  # a word of it starts with the prefix: "ret" finds "golden retriever"
            return prefix in " " + name.lower()

        labels = [label for label in spec.labels if completes(label)]
        tags = [name for name in tag_names() if completes(name)]
        found = self.images.photo_counts(owner_id, labels, tags, self.models.result_names(model))
        for word in (word for word in BROAD_WORDS if completes(word)):
            count = self.list_images(owner_id, PhotoFilters(query=word, model=model)).count()
            found += [(word, "word", count)] if count else []
        for name, count in self.people.names_starting(owner_id, prefix.strip(), limit):
            found.append((f'"{name}"' if " " in name else name, "person", count))
        typed, read = prefix.strip(), comparable_words(prefix)
        if len(read) >= MIN_READ_PREFIX and " " not in read:
            found += [(f"text:{word}", "text", count) for word, count in self.images.read_words(owner_id, read, limit)]
        # What was typed exactly first, then people, broad words and objects, then tags, then words read in photos.
        found.sort(
            key=lambda row: (row[0] != typed, row[1] != "person", row[1] == "tag", row[1] == "text", -row[2], row[0])
        )
        return [{"term": term, "kind": kind, "count": count} for term, kind, count in found[:limit]]

    def export(self, owner_id: int, filters: PhotoFilters, fmt: str, min_confidence: float, with_photos: bool,
               task_id: uuid.UUID | None = None) -> Iterator[bytes]:  # fmt: skip
        """A zip of these photos' detections by the filters' model (at least this confident; only those the task
        stored, with `task_id`) in `fmt` (exports.FORMATS), named by that model's classes, streamed piece by
        piece."""
        spec, models = self.models.get(filters.model), self.models.result_names(filters.model)
        detections = self.images.detections_at(min_confidence, models, task_id)
        photos = self._photos(owner_id, filters, models)
        photos = photos.queryset() if isinstance(photos, RankedPhotos) else photos
        return export_zip(photos, detections, spec.classes, fmt, with_photos)

    def _photos(self, user_id: int, filters: PhotoFilters, models: list[str]) -> QuerySet[Image] | RankedPhotos:
        """The person's photos, or with `filters.album` that album's (theirs or shared with them), matching the
        filters and the search's terms (labels as these model names found them); for is:duplicate, with the
        photos of the person's duplicate groups, every one of each. A word Spotter does not know is a 400 unless
        the text read in one of these photos has it."""
        scope = PhotoScope.library(user_id)
        if filters.person is not None and self.people.person(user_id, filters.person) is None:
            raise NotFound("No person with this id.", code="person_not_found")
        if filters.album is not None:
            scope = PhotoScope.album(self.album_photos(self.album(user_id, filters.album)))
        return self._search(user_id, scope, filters, models)

    def _search(self, user_id: int, scope: PhotoScope, filters: PhotoFilters,
                models: list[str]) -> QuerySet[Image] | RankedPhotos:  # fmt: skip
        terms = self._with_people(user_id, _terms(filters) or [])
        for term in terms:
            if term.unknown is not None and not self.images.any_text_has(scope, term.read):
                raise _invalid(term.unknown)
        duplicates = []
        if any(term.flag == "duplicate" for term in terms):
            groups = DuplicateService(self.images).groups(user_id)
            duplicates = [photo.id for group in groups for photo in group.photos]
        albums = {term.album: self._album_titled(user_id, term.album) for term in terms if term.album}
        return self.images.list_photos(scope, filters, models, terms or None, duplicates, albums)

    def _with_people(self, user_id: int, terms: list[Term]) -> list[Term]:
        """The terms, those naming people with the ids of the person's people of that name (case aside): who:,
        and a word Spotter does not know as an object or tag that is one of their people's names. A who: that
        names nobody is a 400."""
        names = {term.person for term in terms if term.person} | {term.text for term in terms if term.unknown}
        found = self.people.named_alike(user_id, names) if names else {}
        named = []
        for term in terms:
            if term.person is not None and term.person not in found:
                raise InvalidInput(
                    f"You have named nobody '{term.person}'.", code="unknown_person", details={"person": term.person}
                )
            if term.person is not None:
                term = replace(term, person_ids=tuple(found[term.person]))
            elif term.unknown is not None and term.text in found:
                term = replace(term, person=term.text, person_ids=tuple(found[term.text]), read=None, unknown=None)
            named.append(term)
        return named

    def album(self, user_id: int, album_id: uuid.UUID) -> Album:
        """The album, if it is the person's or shared with them (with their `role` in it); else a 404."""
        album = self.albums.album(user_id, album_id)
        if album is None:
            raise NotFound("No album with this id.", code="album_not_found")
        return album

    def album_photos(self, album: Album, strict: bool = False) -> QuerySet[Image]:
        """An album's photos: those chosen, or a live album's search's current results among its owner's photos.
        A live album whose search no longer reads (a word that no text read holds any more, a model removed) has
        none, unless `strict`, which raises what the gallery would answer to the search."""
        if not album.live:
            return self.albums.chosen_photos([album.id])
        search = PhotoFilters(query=album.query or None, **_filters_of(album))
        try:
            found = self._search(
                album.owner_id, PhotoScope.library(album.owner_id), search, self.models.result_names(search.model)
            )
        except InvalidInput:
            if strict:
                raise
            return self.albums.chosen_photos([])
        return found.queryset() if isinstance(found, RankedPhotos) else found

    def shared_photo(self, user_id: int, image_id: uuid.UUID) -> Image | None:
        """Someone else's photo that an album this person owns or is a member of holds: chosen for it, or among
        a live album's results."""
        chosen = self.albums.chosen_for_albums_of(user_id, image_id)
        if chosen is not None:
            return chosen
        for album in self.albums.live_shared_with(user_id):
            found = self.album_photos(album).filter(id=image_id).first()
            if found is not None:
                return found
        return None

    def newest_first(self, photos: QuerySet[Image]) -> QuerySet[Image]:
        return self.images.newest_first(photos)

    def _album_titled(self, owner_id: int, title: str) -> QuerySet[Image]:
        """The photos of the owner's albums of this title (case aside); a 400 naming their albums if none is."""
        albums = self.albums.titled(owner_id, title)
        if not albums:
            titles = sorted(album.title for album in self.albums.owned(owner_id))
            raise InvalidInput(
                f"You have no album titled '{title}'.", code="unknown_album", details={"album": title, "albums": titles}
            )
        photos = [self.album_photos(album) for album in albums]
        return photos[0] if len(photos) == 1 else self.images.any_of(photos)


def _filters_of(album: Album) -> dict:
    """A live album's saved filters as PhotoFilters takes them (dates are kept as ISO text)."""
    saved = dict(album.filters)
    for name in ("taken_after", "taken_before"):
        if saved.get(name):
            saved[name] = date.fromisoformat(saved[name])
    return saved


def _terms(filters: PhotoFilters) -> list[Term] | None:
    """The search query's terms; a 400 that says what is wrong with it."""
    if not filters.query:
        return None
    try:
        return parse(filters.query)
    except QueryRefused as refused:
        raise _invalid(refused) from refused


def _invalid(refused: QueryRefused) -> InvalidInput:
    return InvalidInput(refused.message, code=refused.code, details=refused.details)
