"""Searching the text read in photos: what a line's words and a query's words are compared as (lower case,
without accents or punctuation: "Café Wi-Fi!" is "cafe wi fi"), and the lines that match a query, by the
database's own full-text search (PostgreSQL: a GIN index over `to_tsvector('simple', words)`; SQLite: a
regular expression over the same words)."""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet

from ..models import TextLine

_NOT_A_WORD = re.compile(r"[\W_]+")


def comparable_words(text: str) -> str:
    """The text as searches compare it: case folded, accents dropped, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_A_WORD.sub(" ", bare).split())


def lines_matching(words: str, prefix: bool = False, **photos) -> QuerySet[TextLine]:
    """The lines (of the photos `photos` filters: owner_id=… or image_id__in=…) holding these words one after
    another (`words` as comparable_words gives them), the last one only as the start of a word if `prefix`."""
    lines = TextLine.objects.filter(**photos)
    if not words:
        return lines.none()
    if connection.vendor == "postgresql":
        if prefix:
            query = SearchQuery(" <-> ".join(words.split()) + ":*", search_type="raw", config="simple")
        else:
            query = SearchQuery(words, search_type="phrase", config="simple")
        return lines.annotate(found=SearchVector("words", config="simple")).filter(found=query)
    ending = "" if prefix else "( |$)"
    return lines.filter(words__regex=rf"(^| ){re.escape(words)}{ending}")
