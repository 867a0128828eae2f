"""The search box's query language, parsed into terms that the repository turns into one database query.

    dog beach              every term must match (a detected object or a tag, or a word above them: "animal")
    "golden retriever"     a phrase, in quotes or with underscores: golden_retriever
    -car                   no car in the photo
    person>=2              at least two people detected (counts are of detected boxes)
    cat>0.8                this term at a confidence above 0.8 (the others at min_confidence)
    is:blurry is:duplicate flags: what the photo is, not what is in it (FLAGS); -is:blurry leaves those out
    text:coffee            the text read in the photo has this word (text:"wi-fi password": these words in a
                           row; text:wifi*: a word starting so); case and accents do not matter
    album:"Summer 2024"    the photos of one of your albums (-album:… leaves them out); an album, like a flag,
                           narrows the photos the other terms rank
    who:"Ann Smith"        the photos with a face of the person you named so; a name Spotter does not know as an
                           object or tag ("Ann Smith" dog) means the person too
    espresso               a word Spotter does not know as an object, tag or word above them is looked for in
                           the text read (the gallery refuses it, with suggestions, where no text has it)

Unknown words and malformed queries are refused with where and why (`QueryRefused`), never answered with
an empty page that hides a typo.
"""

import re
from dataclasses import dataclass

from .text_search import comparable_words
from .vocabulary import Meaning, meaning, suggestions

MAX_TERMS = 12
# What a photo is rather than what is in it, known without any model (ImageRepository.list_for_owner applies
# them): blurry (its sharpness below fingerprints.BLURRY_BELOW), duplicate (in a group of services/duplicates.py).
FLAGS = ("blurry", "duplicate")
# A flag (is:name), a word (letters, digits, apostrophes, dashes, dots and underscores) or a quoted phrase, then
# an optional threshold.
_TOKEN = re.compile(
    r"""(?P<exclude>-)?(?:(?i:is):(?P<flag>[\w'.-]*)|(?i:text):(?:"(?P<read_phrase>[^"]*)"|(?P<read_word>[^\s">]*))"""
    r"""|(?i:album):(?:"(?P<album_phrase>[^"]*)"|(?P<album_word>[^\s">]*))"""
    r"""|(?i:who):(?:"(?P<who_phrase>[^"]*)"|(?P<who_word>[^\s">]*))"""
    r"""|"(?P<phrase>[^"]*)"|(?P<word>[\w'.]+(?:-[\w'.]+)*))(?:(?P<op>>=|>)(?P<number>\S*))?"""
)


# Words people bring from other search boxes, and what to write here instead.
_OPERATORS = {
    "or": "every word must match, there is no OR; search for each word on its own",
    "and": "every word must match already; leave out AND",
    "not": "leave a word out with a minus sign: -car",
}


class QueryRefused(ValueError):
    def __init__(self, message: str, code: str, details: dict):
        super().__init__(message)
        self.message, self.code, self.details = message, code, details


@dataclass(frozen=True)
class Term:
    text: str  # as the person wrote it, normalised
    meaning: Meaning
    exclude: bool = False
    min_count: int = 0  # 0: any; else at least this many detected boxes
    min_confidence: float | None = None  # None: the search's own min_confidence
    flag: str | None = None  # a flag's name (FLAGS, or "album"): the term is no word, and its meaning is empty
    album: str | None = None  # an album's title, as written (flag "album")
    read: str | None = None  # words to find in the text read (text_search.comparable_words); meaning empty
    prefix: bool = False  # the last of `read` may start a longer word (text:wifi*)
    person: str | None = None  # a person's name (who:, or a name the gallery found among the owner's people)
    person_ids: tuple = ()  # the owner's people of that name, as the gallery found them
    # A word Spotter does not know, looked for in the text read: the refusal to answer with where no text has it.
    unknown: "QueryRefused | None" = None


def parse(query: str) -> list[Term]:
    """The terms of a query, or QueryRefused saying what is wrong and where (a 0-based character position)."""
    terms: list[Term] = []
    position = 0
    while position < len(query):
        if query[position].isspace():
            position += 1
            continue
        token = _TOKEN.match(query, position)
        if token is None or (token.end() < len(query) and not query[token.end()].isspace()):
            if query[position:].lstrip("-").startswith('"') and query.count('"', position) % 2:
                _malformed(query, position, "this quote is never closed")
            end = token.end() if token else position
            _malformed(query, end, f"'{query[end : end + 1] or query[position]}' cannot appear here")
        terms.append(_term(query, token))
        position = token.end()
    if not terms:
        _malformed(query, 0, "the query is empty")
    if len(terms) > MAX_TERMS:
        _malformed(query, 0, f"a query has at most {MAX_TERMS} terms")
    if all(term.exclude and not term.flag for term in terms):  # a flag left out still finds the other photos
        _malformed(query, 0, "say what to find, not only what to leave out")
    return terms


def _term(query: str, token: re.Match) -> Term:
    if token["flag"] is not None:
        return _flag(query, token)
    if token["read_phrase"] is not None or token["read_word"] is not None:
        return _read(query, token)
    if token["album_phrase"] is not None or token["album_word"] is not None:
        return _album(query, token)
    if token["who_phrase"] is not None or token["who_word"] is not None:
        return _who(query, token)
    text = " ".join((token["phrase"] if token["phrase"] is not None else token["word"]).replace("_", " ").split())
    text = text.lower()
    if not text:
        _malformed(query, token.start(), "the quotes hold no words" if token["phrase"] is not None else "no word here")
    if token["phrase"] is None and text in _OPERATORS:
        _malformed(query, token.start(), _OPERATORS[text])
    found = meaning(text)
    exclude, op, number = token["exclude"] is not None, token["op"], token["number"]
    if found is None and op is None and comparable_words(text):
        read = comparable_words(text)
        refusal = unknown_word(text, token.start(), suggestions(text))
        return Term(text, Meaning(frozenset(), frozenset()), exclude, read=read, unknown=refusal)
    if found is None:
        raise unknown_word(text, token.start(), suggestions(text))
    if op is None:
        return Term(text, found, exclude)
    where = token.start("number")
    if exclude:
        _malformed(query, token.start("op"), "a term left out takes no count or confidence")
    if re.fullmatch(r"\d+", number or ""):
        count = int(number) + (op == ">")
        if not found.labels:
            _malformed(query, where, f"counts are of detected objects, and '{text}' is only a tag")
        if not 1 <= count <= 100:
            _malformed(query, where, "a count is between 1 and 100")
        return Term(text, found, min_count=count)
    if re.fullmatch(r"0?\.\d+|1(\.0*)?", number or ""):
        return Term(text, found, min_confidence=float(number))
    _malformed(query, where, f"'{op}' needs a count (person>=2) or a confidence between 0 and 1 (cat>0.8)")


def _read(query: str, token: re.Match) -> Term:
    """Words to find in the text read: text:word, text:"a phrase", or text:wor* for any word starting so."""
    given = token["read_phrase"] if token["read_phrase"] is not None else token["read_word"]
    prefix = token["read_phrase"] is None and given.endswith("*")
    words = comparable_words(given.removesuffix("*") if prefix else given)
    if not words:
        _malformed(query, token.start(), 'text: needs a word to find (text:coffee, text:"wi-fi password")')
    if token["op"] is not None:
        _malformed(query, token.start("op"), "text: takes no count or confidence")
    shown = f'text:"{words}"' if " " in words else f"text:{words}{'*' if prefix else ''}"
    return Term(shown, Meaning(frozenset(), frozenset()), token["exclude"] is not None, read=words, prefix=prefix)


def _album(query: str, token: re.Match) -> Term:
    """An album by its title: album:Holidays, or album:"Summer 2024" (the gallery finds it, or refuses)."""
    title = " ".join((token["album_phrase"] if token["album_phrase"] is not None else token["album_word"]).split())
    if not title:
        _malformed(query, token.start(), 'album: needs an album\'s title (album:"Summer 2024")')
    if token["op"] is not None:
        _malformed(query, token.start("op"), "album: takes no count or confidence")
    shown = f'album:"{title}"' if " " in title else f"album:{title}"
    return Term(shown, Meaning(frozenset(), frozenset()), token["exclude"] is not None, flag="album", album=title)


def _who(query: str, token: re.Match) -> Term:
    """A person by the name the owner gave them: who:Ann, or who:"Ann Smith" (the gallery finds them, or refuses)."""
    name = " ".join((token["who_phrase"] if token["who_phrase"] is not None else token["who_word"]).split())
    if not name:
        _malformed(query, token.start(), 'who: needs a person\'s name (who:"Ann Smith")')
    if token["op"] is not None:
        _malformed(query, token.start("op"), "who: takes no count or confidence")
    shown = f'who:"{name}"' if " " in name else f"who:{name}"
    return Term(shown, Meaning(frozenset(), frozenset()), token["exclude"] is not None, person=name)


def unknown_word(text: str, position: int, close: list[str]) -> QueryRefused:
    """The refusal of a word Spotter does not know, with the words it might have meant."""
    hint = f": did you mean {', '.join(close)}?" if close else "."
    return QueryRefused(
        f"Spotter does not know '{text}'{hint}",
        "unknown_term",
        {"term": text, "position": position, "suggestions": close},
    )


def _flag(query: str, token: re.Match) -> Term:
    """A flag: one of FLAGS, with neither a count nor a confidence (a photo is blurry or not)."""
    name = token["flag"].lower()
    if name not in FLAGS:
        known = [f"is:{flag}" for flag in FLAGS]
        raise QueryRefused(
            f"Spotter has no flag 'is:{name}': the flags are {', '.join(known)}.",
            "unknown_term",
            {"term": f"is:{name}", "position": token.start(), "suggestions": known},
        )
    if token["op"] is not None:
        _malformed(query, token.start("op"), "a flag takes no count or confidence")
    return Term(f"is:{name}", Meaning(frozenset(), frozenset()), token["exclude"] is not None, flag=name)


def _malformed(query: str, position: int, why: str):
    raise QueryRefused(
        f"The query is malformed at character {position + 1}: {why}.",
        "malformed_query",
        {"position": position, "query": query},
    )
