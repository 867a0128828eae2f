"""The only code that queries the faces and people tables."""

import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from .clustering import as_bytes, as_vector
from .models import Face, Person


class PeopleRepository:
    # --- faces ---

    def replace_faces(self, image_ids: list[uuid.UUID], model: str, rows: list[Face]) -> list[Face]:
        """A photo examined again has these faces instead of the ones this model found before."""
        Face.objects.filter(image_id__in=image_ids, model=model).delete()
        return Face.objects.bulk_create(rows)

    def lock_owner(self, owner_id: int) -> None:
        """Within the caller's transaction, sorting one owner's faces takes turns (two workers would otherwise each
        start a person for the same new face)."""
        get_user_model().objects.select_for_update().filter(id=owner_id).first()

    def faces_of(self, image_id: uuid.UUID) -> list[Face]:
        return list(Face.objects.filter(image_id=image_id).select_related("person").order_by("position"))

    def face(self, owner_id: int, face_id: uuid.UUID) -> Face | None:
        return Face.objects.filter(id=face_id, owner_id=owner_id).first()

    def put_in(self, face_ids: Iterable[uuid.UUID], person_id: uuid.UUID | None, chosen: bool = False) -> None:
        Face.objects.filter(id__in=list(face_ids)).update(person_id=person_id, chosen=chosen)

    def sortable_faces(self, owner_id: int) -> list[tuple[uuid.UUID, uuid.UUID | None, bool, bytes]]:
        """(id, person id, chosen by the owner, embedding) of the owner's faces that have an embedding."""
        faces = Face.objects.filter(owner_id=owner_id, embedding__isnull=False).order_by("created_at", "id")
        return list(faces.values_list("id", "person_id", "chosen", "embedding"))

    # --- people ---

    def centroids(self, owner_id: int) -> tuple[list[uuid.UUID], list[bytes], list[int]]:
        """The owner's people that have a centroid: their ids, centroids and how many faces each averages."""
        people = Person.objects.filter(owner_id=owner_id, centroid__isnull=False)
        rows = list(people.values_list("id", "centroid", "centroid_of"))
        return [row[0] for row in rows], [bytes(row[1]) for row in rows], [row[2] for row in rows]

    def create_person(self, owner_id: int, centroid=None, name: str = "") -> Person:
        return Person.objects.create(
            owner_id=owner_id, name=name, centroid=as_bytes(centroid) if centroid is not None else None,
            centroid_of=int(centroid is not None),
        )  # fmt: skip

    def set_centroids(self, centroids: dict[uuid.UUID, tuple[object, int]]) -> None:
        """Each person's centroid (None: none) and how many faces it averages."""
        for person_id, (centroid, faces) in centroids.items():
            stored = as_bytes(centroid) if centroid is not None else None
            Person.objects.filter(id=person_id).update(centroid=stored, centroid_of=faces)

    def recompute_centroids(self, person_ids: Iterable[uuid.UUID]) -> None:
        """Each person's centroid from the faces they have now (None when none has an embedding)."""
        import numpy as np

        for person_id in set(person_ids):
            stored = Face.objects.filter(person_id=person_id, embedding__isnull=False).values_list(
                "embedding", flat=True
            )
            vectors = [as_vector(bytes(embedding)) for embedding in stored]
            self.set_centroids({person_id: (np.mean(vectors, axis=0) if vectors else None, len(vectors))})

    def people(self, owner_id: int, named: bool | None = None, hidden: bool = False) -> QuerySet[Person]:
        """The owner's people who have faces, with `photo_count`, the most photos first. Each count reads the index
        of faces by person, and counting the people (for the pages) needs none."""
        people = Person.objects.filter(owner_id=owner_id, hidden=hidden).defer("centroid")
        if named is not None:
            people = people.exclude(name="") if named else people.filter(name="")
        return _with_photo_count(people.filter(Exists(Face.objects.filter(person=OuterRef("pk"))))).order_by(
            "-photo_count", "id"
        )

    def person(self, owner_id: int, person_id: uuid.UUID) -> Person | None:
        return _with_photo_count(Person.objects.filter(owner_id=owner_id, id=person_id).defer("centroid")).first()

    def face_counts_and_covers(self, person_ids: list[uuid.UUID]) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, Face]]:
        """For these people, how many faces each has, and the face to show of each: their most confident."""
        faces = Face.objects.filter(person_id__in=person_ids)
        counts = dict(faces.values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))
        covers: dict[uuid.UUID, Face] = {}
        best = Face.objects.filter(person=OuterRef("pk")).order_by("-confidence", "id").values("id")[:1]
        cover_ids = Person.objects.filter(id__in=person_ids).annotate(cover=Subquery(best)).values_list("id", "cover")
        by_id = Face.objects.in_bulk([cover for _, cover in cover_ids if cover])
        for person_id, cover in cover_ids:
            if cover in by_id:
                covers[person_id] = by_id[cover]
        return counts, covers

    def faces_of_person(self, person: Person) -> list[Face]:
        return list(Face.objects.filter(person=person).order_by("-confidence", "id"))

    def named_alike(self, owner_id: int, names: Iterable[str]) -> dict[str, list[uuid.UUID]]:
        """The ids of the owner's people named each of these (case aside), by the name as given."""
        wanted = {name.casefold(): name for name in names}
        people = Person.objects.filter(owner_id=owner_id).exclude(name="").annotate(folded=Lower("name"))
        found: dict[str, list[uuid.UUID]] = {}
        for person_id, folded in people.filter(folded__in=list(wanted)).values_list("id", "folded"):
            found.setdefault(wanted[folded], []).append(person_id)
        return found

    def names_starting(self, owner_id: int, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Names of the owner's people with a word starting with `prefix`, with how many photos show each."""
        people = Person.objects.filter(owner_id=owner_id).exclude(name="")
        people = people.filter(Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}"))
        rows = people.values("name").annotate(photos=Count("faces__image", distinct=True)).order_by("-photos")
        return [(row["name"], row["photos"]) for row in rows[:limit] if row["photos"]]

    def save(self, person: Person, fields: list[str]) -> None:
        person.save(update_fields=fields)

    def merge(self, person: Person, into: Person) -> None:
        Face.objects.filter(person=person).update(person=into)
        person.delete()
        self.recompute_centroids([into.id])

    def delete_unnamed_without_faces(self, owner_id: int) -> None:
        Person.objects.filter(owner_id=owner_id, name="").annotate(n=Count("faces")).filter(n=0).delete()


def _with_photo_count(people: QuerySet[Person]) -> QuerySet[Person]:
    faces = Face.objects.filter(person=OuterRef("pk")).order_by().values("person")
    photos = faces.annotate(n=Count("image_id", distinct=True)).values("n")
    return people.annotate(photo_count=Coalesce(Subquery(photos, output_field=IntegerField()), 0))
