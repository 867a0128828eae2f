"""People: the faces found in a person's photos, sorted into the people they show (clustering.py), named once and
corrected by their owner. Faces and people are their owner's alone.

New faces are sorted as a task stores them: each joins the nearest person or starts one, so naming a person names
the faces that come later too. The owner's choices (a face put in a person, or taken out into one of its own) are
marked `chosen`, and a full re-clustering (`manage.py cluster_faces`) moves every other face but never those,
and gives each new group the person (and so the name) most of its faces had."""

import uuid
from collections import Counter

import numpy as np
from django.db import transaction
from django.db.models import QuerySet

from core.errors import InvalidInput, NotFound

from ..clustering import as_vector, clusters, nearest
from ..models import Face, Person
from ..people_repository import PeopleRepository

CHOSEN_VOTES = 10  # a face the owner placed speaks for its group's person as much as this many others
SAME_FACE = 0.5  # two copies of a photo show the same face where their boxes overlap this much (IoU)


class PeopleService:
    def __init__(self, repository: PeopleRepository | None = None):
        self.people = repository or PeopleRepository()

    def sort_new_faces(self, owner_id: int, faces: list[Face]) -> None:
        """Put each of these new faces of the owner's (those with an embedding) in the person whose centroid is
        nearest, or in a new person; inside the caller's transaction."""
        faces = [face for face in faces if face.embedding is not None]
        if not faces:
            return
        self.people.lock_owner(owner_id)
        ids, stored, counts = self.people.centroids(owner_id)
        centroids = [as_vector(centroid) for centroid in stored]
        joined: dict[uuid.UUID, list[uuid.UUID]] = {}
        for face in faces:
            embedding = as_vector(bytes(face.embedding))
            best = nearest(np.array(centroids), embedding)
            if best is None:
                ids.append(self.people.create_person(owner_id, embedding).id)
                centroids.append(embedding)
                counts.append(1)
                best = len(ids) - 1
            else:  # the running mean, so that the next face compares with it
                counts[best] += 1
                centroids[best] = centroids[best] + (embedding - centroids[best]) / counts[best]
            joined.setdefault(ids[best], []).append(face.id)
        for person_id, face_ids in joined.items():
            self.people.put_in(face_ids, person_id)
        self.people.set_centroids(
            {person_id: (centroids[ids.index(person_id)], counts[ids.index(person_id)]) for person_id in joined}
        )

    def carry_names(self, from_ids: list[uuid.UUID], to_id: uuid.UUID) -> bool:
        """The faces of a photo kept from a group of copies take the named people that the same faces had on the
        copies (the same face lies at nearly the same place in each copy), inside the caller's transaction;
        whether any did."""
        named = [
            face for image_id in from_ids for face in self.people.faces_of(image_id) if face.person and face.person.name
        ]
        changed = set()
        for face in self.people.faces_of(to_id):
            match = max(named, key=lambda other: _overlap(face, other), default=None)
            if match is not None and _overlap(face, match) >= SAME_FACE and match.person_id != face.person_id:
                self.people.put_in([face.id], match.person_id, chosen=True)
                changed |= {match.person_id, *([face.person_id] if face.person_id else [])}
        self.people.recompute_centroids(changed)
        return bool(changed)

    def listed(self, owner_id: int, named: bool | None = None, hidden: bool = False) -> QuerySet[Person]:
        return self.people.people(owner_id, named, hidden)

    def get(self, owner_id: int, person_id: uuid.UUID) -> Person:
        person = self.people.person(owner_id, person_id)
        if person is None:
            raise NotFound("No person with this id.", code="person_not_found")
        return person

    def faces(self, person: Person) -> list[Face]:
        return self.people.faces_of_person(person)

    def faces_in(self, image_id: uuid.UUID) -> list[Face]:
        return self.people.faces_of(image_id)

    def summaries(self, people: list[Person]) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, Face]]:
        """For these people, how many faces each has, and the face to show of each."""
        return self.people.face_counts_and_covers([person.id for person in people])

    def cover_face(self, owner_id: int, person_id: uuid.UUID) -> Face:
        person = self.get(owner_id, person_id)
        face = self.summaries([person])[1].get(person.id)
        if face is None:
            raise NotFound("This person has no face in any photo now.", code="person_has_no_face")
        return face

    def same_name(self, owner_id: int, people: list[Person]) -> dict[uuid.UUID, list[uuid.UUID]]:
        """For each named person, the others of the owner's people with the same name: merges to offer."""
        alike = self.people.named_alike(owner_id, {person.name for person in people if person.name})
        return {person.id: [other for other in alike.get(person.name, []) if other != person.id] for person in people}

    def update(self, owner_id: int, person_id: uuid.UUID, changes: dict) -> Person:
        """Name (an empty name: unnamed again) or hide a person."""
        person = self.get(owner_id, person_id)
        if "name" in changes:
            person.name = " ".join(changes["name"].split())
        if "hidden" in changes:
            person.hidden = changes["hidden"]
        self.people.save(person, list(changes))
        return self.get(owner_id, person_id)

    def merge(self, owner_id: int, person_id: uuid.UUID, into_id: uuid.UUID) -> Person:
        """Every face of the person goes to `into` (which keeps its name, or takes this one's if it has none)."""
        person, into = self.get(owner_id, person_id), self.get(owner_id, into_id)
        if person.id == into.id:
            raise InvalidInput("A person cannot be merged into themselves.", code="invalid_merge")
        with transaction.atomic():
            if not into.name and person.name:
                into.name = person.name
                self.people.save(into, ["name"])
            self.people.merge(person, into)
        return self.get(owner_id, into_id)

    def face(self, owner_id: int, face_id: uuid.UUID) -> Face:
        face = self.people.face(owner_id, face_id)
        if face is None:
            raise NotFound("No face with this id.", code="face_not_found")
        return face

    def move_face(self, owner_id: int, face_id: uuid.UUID, person_id: uuid.UUID | None) -> Face:
        """Put a face in another of the owner's people, or (None) in a person of its own: "not this person"."""
        face = self.face(owner_id, face_id)
        with transaction.atomic():
            target = self.get(owner_id, person_id) if person_id is not None else None
            if target is None:
                embedding = as_vector(bytes(face.embedding)) if face.embedding is not None else None
                target = self.people.create_person(owner_id, embedding)
            before = face.person_id
            self.people.put_in([face.id], target.id, chosen=True)
            self.people.recompute_centroids([target.id, *([before] if before else [])])
            self.people.delete_unnamed_without_faces(owner_id)
        return self.people.face(owner_id, face_id)

    def recluster(self, owner_id: int) -> int:
        """Sort all the owner's faces again from scratch, keeping the owner's choices and every name; returns how
        many people there are afterwards."""
        rows = self.people.sortable_faces(owner_id)
        if not rows:
            return 0
        labels = clusters(np.array([as_vector(bytes(embedding)) for *_, embedding in rows]))
        groups: dict[int, list[int]] = {}
        for row, label in enumerate(labels):
            groups.setdefault(label, []).append(row)
        with transaction.atomic():
            self.people.lock_owner(owner_id)
            taken: set[uuid.UUID] = set()
            moved: dict[uuid.UUID, list[uuid.UUID]] = {}
            for members in sorted(groups.values(), key=len, reverse=True):
                votes = Counter()
                for row in members:
                    _, person_id, chosen, _ = rows[row]
                    if person_id is not None and person_id not in taken:
                        votes[person_id] += CHOSEN_VOTES if chosen else 1
                person_id = votes.most_common(1)[0][0] if votes else self.people.create_person(owner_id).id
                taken.add(person_id)
                moved[person_id] = [rows[row][0] for row in members if not rows[row][2]]
            for person_id, face_ids in moved.items():
                self.people.put_in(face_ids, person_id)
            self.people.delete_unnamed_without_faces(owner_id)
            self.people.recompute_centroids({person_id for _, person_id, chosen, _ in rows if chosen} | set(moved))
        return self.people.people(owner_id).count() + self.people.people(owner_id, hidden=True).count()


def _overlap(a: Face, b: Face) -> float:
    """Intersection over union of two faces' boxes (fractions of their photos)."""
    across = max(0.0, min(a.x_max, b.x_max) - max(a.x_min, b.x_min))
    down = max(0.0, min(a.y_max, b.y_max) - max(a.y_min, b.y_min))
    both = across * down
    union = (a.x_max - a.x_min) * (a.y_max - a.y_min) + (b.x_max - b.x_min) * (b.y_max - b.y_min) - both
    return both / union if union > 0 else 0.0
