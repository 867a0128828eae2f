"""Searching the text read in photos: what a line's words and a query's words are compared as (lower case,
without accents or punctuation: "Café Wi-Fi!" is "cafe wi fi"), and the lines that match a query, by the
database's own full-text search (PostgreSQL: a GIN index over `to_tsvector('simple', words)`; SQLite: a
regular expression over the same words).

On PostgreSQL the index finds the lines holding every word, and a phrase is then checked on `words` as plain text
(they are one after another, one space apart): a phrase query (`<->`) would have each candidate line's tsvector
parsed again, which costs more than the search itself when the words are common."""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet, TextField, Value
from django.db.models.functions import Concat

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
        if prefix:  # comparable words are letters and digits: nothing in them is an operator of tsquery's
            query = SearchQuery(" & ".join(words.split()) + ":*", search_type="raw", config="simple")
        else:
            query = SearchQuery(words, search_type="plain", config="simple")
        lines = lines.annotate(found=SearchVector("words", config="simple")).filter(found=query)
        if " " not in words:
            return lines
        phrase = f" {words}" if prefix else f" {words} "
        return lines.annotate(spaced=Concat(Value(" "), "words", Value(" "), output_field=TextField())).filter(
            spaced__contains=phrase
        )
    ending = "" if prefix else "( |$)"
    return lines.filter(words__regex=rf"(^| ){re.escape(words)}{ending}")
