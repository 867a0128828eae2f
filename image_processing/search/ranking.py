"""The ranked search over a person's photos: which photos match a parsed query's terms (detections and tags
of each term's classes, lines of the text read), ranked by how well, read a page at a time; and why each photo
matched. Flags (is:blurry) rank nothing: they narrow the photos searched (`flagged`)."""

import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from ..detection import DEFAULT_MIN_CONFIDENCE
from ..fingerprints import BLURRY_BELOW
from ..models import Detection, Face, Image, Tag, TextLine
from .query_parser import Term
from .scope import PhotoScope
from .text_search import lines_matching

# A tag counts in a search at this score or above, unless the term sets its own confidence.
TAG_MATCH_SCORE = 0.1


def ranked_matches(scope: PhotoScope, among: QuerySet[Image] | None, terms: list[Term],
                   min_confidence: float | None, models: list[str]) -> "RankedPhotos":  # fmt: skip
    """The scope's photos (of `among`, if given) matching every term, ranked by how well: the sum of each
    term's best confidence. The terms are words, at least one of them not left out (flags narrow `among`).

    One SQL statement composed of the ORM's own queries: per term, the scope's detections and tags of it
    (an owner's: read from covering indexes) grouped by photo; the photos themselves are read a page at a time."""
    tables, table_params, conditions, condition_params, rank = [], [], [], [], []
    for n, term in enumerate(terms):
        boxes, tags, lines, faces = _term_evidence(term, min_confidence, models, **scope.of_photos())
        parts = [boxes.order_by().annotate(score=F("confidence")).values_list("image_id", "score")]
        if not term.min_count:  # counts are of boxes (a term left out has none)
            parts.append(tags.order_by().values_list("image_id", "score"))
        parts.append(lines.order_by().annotate(score=F("confidence")).values_list("image_id", "score"))
        parts.append(faces.order_by().annotate(score=F("confidence")).values_list("image_id", "score"))
        parts = [part for part in parts if not part.query.is_empty()]
        if not parts:  # a term of no class this model or the tagger has
            if term.exclude:
                continue
            return RankedPhotos(scope, None, [])
        compiled = [part.query.sql_with_params() for part in parts]
        evidence = " UNION ALL ".join(sql for sql, _ in compiled)
        evidence_params = [value for _, part_params in compiled for value in part_params]
        if term.exclude:
            conditions.append(f"image_id NOT IN (SELECT image_id FROM ({evidence}) excluded_{n})")
            condition_params += evidence_params
            continue
        having = "HAVING COUNT(*) >= %s" if term.min_count else ""
        table = f"(SELECT image_id, MAX(score) AS best FROM ({evidence}) evidence_{n} GROUP BY image_id {having})"
        tables.append(f"{table} term_{n}" if not tables else f"JOIN {table} term_{n} USING (image_id)")
        table_params += [*evidence_params, *([term.min_count] if term.min_count else [])]
        rank.append(f"term_{n}.best")
    if among is not None:
        among_sql, among_params = among.order_by().values("id").query.sql_with_params()
        conditions.append(f"image_id IN ({among_sql})")
        condition_params += among_params
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT image_id, {' + '.join(rank)} AS rank FROM {' '.join(tables)} {where}"
    return RankedPhotos(scope, sql, [*table_params, *condition_params])


def evidence(image_ids: list[uuid.UUID], terms: list[Term], min_confidence: float | None,
             models: list[str]) -> dict[uuid.UUID, list[tuple[int, str, str, float]]]:  # fmt: skip
    """For these photos, what made each term match: (term index, the label, tag, line of text or person's name,
    "detection", "tag", "text" or "face", its confidence), the best of each kind per term."""
    found: dict[uuid.UUID, list] = defaultdict(list)
    for n, term in enumerate(terms):
        if term.exclude or term.flag:  # a flag is no evidence: the photo is blurry, or it would not be here
            continue
        boxes, tags, lines, faces = _term_evidence(term, min_confidence, models, image_id__in=image_ids)
        if term.min_count:  # counts are of boxes: tags did not make it match
            tags = tags.none()
        for kind, rows in (("detection", boxes.values_list("image_id", "label", "confidence")),
                           ("tag", tags.values_list("image_id", "name", "score")),
                           ("text", lines.values_list("image_id", "text", "confidence")),
                           ("face", faces.values_list("image_id", "person__name", "confidence"))):  # fmt: skip
            best: dict[uuid.UUID, tuple] = {}
            for image_id, name, confidence in rows:
                if image_id not in best or confidence > best[image_id][1]:
                    best[image_id] = (name, confidence)
            for image_id, (name, confidence) in best.items():
                found[image_id].append((n, name, kind, confidence))
    return found


def flagged(
    images: QuerySet[Image],
    flags: list[Term],
    duplicates: Collection[uuid.UUID],
    albums: Mapping[str, QuerySet[Image]],
) -> QuerySet[Image]:
    """These photos, those of each flag only (those not of it, for a flag left out): blurry, its sharpness below
    BLURRY_BELOW (a photo not measured yet is not); duplicate, its id among `duplicates`; album, among the
    photos of the album `albums` has under the term's title."""
    for term in flags:
        if term.flag == "blurry":
            condition = Q(sharpness__lt=BLURRY_BELOW)
        elif term.flag == "duplicate":
            condition = Q(id__in=duplicates)
        else:
            condition = Q(id__in=albums[term.album].values("id"))
        images = images.exclude(condition) if term.exclude else images.filter(condition)
    return images


def leaving_out(images: QuerySet[Image], scope: PhotoScope, terms: list[Term], min_confidence: float | None,
                models: list[str]) -> QuerySet[Image]:  # fmt: skip
    """These photos but those in which any of these words (each left out) matches: for a query whose every
    term to find is a flag, so that no term ranks the photos."""
    for term in terms:
        for found in _term_evidence(term, min_confidence, models, **scope.of_photos()):
            images = images.exclude(id__in=found.values("image_id"))
    return images


def _term_evidence(
    term: Term, min_confidence: float | None, models: list[str], **photos
) -> tuple[QuerySet[Detection], QuerySet[Tag], QuerySet[TextLine], QuerySet[Face]]:
    """The detections, tags, lines of text and faces that make a term match: of its classes, at the term's own
    confidence, else min_confidence for detections (default 0.5) and TAG_MATCH_SCORE for tags; the lines
    holding its words, for a term of the text read; the faces of its people, for a name; of the photos `photos`
    filters (owner_id=… or image_id__in=…)."""
    box_floor = term.min_confidence if term.min_confidence is not None else min_confidence
    box_floor = DEFAULT_MIN_CONFIDENCE if box_floor is None else box_floor
    tag_floor = term.min_confidence if term.min_confidence is not None else TAG_MATCH_SCORE
    labels, names = sorted(term.meaning.labels), sorted(term.meaning.tags)
    boxes = Detection.objects.filter(**photos, model__in=models, label__in=labels, confidence__gte=box_floor)
    tags = Tag.objects.filter(**photos, name__in=names, score__gte=tag_floor)
    lines = lines_matching(term.read, term.prefix, **photos) if term.read else TextLine.objects.none()
    faces = Face.objects.filter(**photos, person_id__in=term.person_ids) if term.person else Face.objects.none()
    return (boxes if labels else boxes.none()), (tags if names else tags.none()), lines, faces


class RankedPhotos:
    """Search results, best first (equal ranks in no particular order): a statement selecting the scope's
    matching photos' image_id and rank (None: nothing can match), read a page at a time."""

    def __init__(self, scope: PhotoScope, sql: str | None, params: list):
        self.scope, self.sql, self.params = scope, sql, params

    def page(self, offset: int, limit: int) -> tuple[list[Image], int]:
        """These photos of the results, and how many photos match in all, from one statement."""
        if self.sql is None:
            return [], 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT image_id, COUNT(*) OVER () FROM ({self.sql}) ranked "
                "ORDER BY rank DESC, image_id DESC LIMIT %s OFFSET %s",
                [*self.params, limit, offset],
            )
            rows = cursor.fetchall()
        ids = [_as_uuid(row[0]) for row in rows]
        found = self.scope.photos().in_bulk(ids)
        return [found[image_id] for image_id in ids if image_id in found], rows[0][1] if rows else 0

    def count(self) -> int:
        """How many photos match, alone: for a paginator asked for the last page before reading one."""
        if self.sql is None:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) ranked", self.params)
            return cursor.fetchone()[0]

    def queryset(self) -> QuerySet[Image]:
        """The same photos as a query (in no particular order), for exports."""
        if self.sql is None:
            return Image.objects.none()
        return Image.objects.filter(id__in=RawSQL(f"SELECT image_id FROM ({self.sql}) ranked", self.params))


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
