"""The words search understands, and which tagger classes and detector labels each one covers.

The table, vocabulary.json, is generated from WordNet 3.0 by scripts/make_vocabulary.py: the noun synsets above
the tagger's 1,000 ImageNet classes and the detector's 80 COCO labels and those just below them, as
{"synsets": {offset: [words, parent offsets]}, "tags": [[name, offset]] by class id, "labels": {label: offset},
"common_senses": {word: offset}}. A word covers every class whose synset is one of the word's synsets or below
it, so "dog" finds every breed and every "dog" box and "animal" finds cats, birds and zebras. A word whose
synsets have no class below them ("kitty", "woman") means what its nearest ancestors with classes below them
mean, taking its most common sense where it has several (common_senses).
"""

import difflib
import functools
import json
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("vocabulary.json")
SUGGESTION_CUTOFF = 0.6


@dataclass(frozen=True)
class Meaning:
    tags: frozenset[str]  # tag names (from tag_names()) the word covers
    labels: frozenset[str]  # COCO labels the word covers


@dataclass(frozen=True)
class _Vocabulary:
    tag_names: tuple[str, ...]
    meanings: dict[str, Meaning]
    class_names: frozenset[str]  # the words that name a tag or a label, preferred among equally close suggestions


def normalised(word: str) -> str:
    """A word as the vocabulary keys it: lowercase, spaces for underscores, single spaces, no surrounding space."""
    return " ".join(word.replace("_", " ").lower().split())


@functools.cache
def _vocabulary() -> _Vocabulary:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    parents = {offset: tuple(synset_parents) for offset, (_, synset_parents) in table["synsets"].items()}
    senses: dict[str, list[str]] = {}  # word -> the offsets of its synsets
    for offset, (words, _) in table["synsets"].items():
        for word in words:
            senses.setdefault(word, []).append(offset)
    for label, offset in table["labels"].items():  # "sports ball", "tv": the detector's words for its synsets
        if offset not in senses.setdefault(label, []):
            senses[label].append(offset)

    tags_under: dict[str, set[str]] = {}
    labels_under: dict[str, set[str]] = {}
    classes = [(name, offset, tags_under) for name, offset in table["tags"]]
    classes += [(label, offset, labels_under) for label, offset in table["labels"].items()]
    for name, offset, under in classes:
        pending, seen = [offset], set()
        while pending:
            synset = pending.pop()
            if synset not in seen:
                seen.add(synset)
                under.setdefault(synset, set()).add(name)
                pending.extend(parents[synset])
    covered = {
        offset: Meaning(frozenset(tags_under.get(offset, ())), frozenset(labels_under.get(offset, ())))
        for offset in tags_under.keys() | labels_under.keys()
    }

    @functools.cache
    def nearest_covered(offset: str) -> tuple[int, frozenset[str]]:
        """How many steps up the nearest synsets with classes below them are, and which they are."""
        if offset in covered:
            return 0, frozenset({offset})
        found = [nearest_covered(parent) for parent in parents[offset]]
        steps = min(distance for distance, _ in found)
        return steps + 1, frozenset().union(*(synsets for distance, synsets in found if distance == steps))

    def covering(word: str, offsets: list[str]) -> Meaning:
        direct = [offset for offset in offsets if offset in covered]
        if not direct:  # "kitty": its (most common) sense's nearest ancestors with classes below them
            direct = sorted(nearest_covered(table["common_senses"].get(word, offsets[0]))[1])
        if len(direct) == 1:
            return covered[direct[0]]
        return Meaning(
            frozenset().union(*(covered[offset].tags for offset in direct)),
            frozenset().union(*(covered[offset].labels for offset in direct)),
        )

    meanings = {word: covering(word, offsets) for word, offsets in senses.items()}
    tag_names = tuple(name for name, _ in table["tags"])
    for name in tag_names:  # "crane (wading bird)" names one class; "crane" stays a word for both
        meanings.setdefault(normalised(name), Meaning(frozenset({name}), frozenset()))
    class_names = frozenset(normalised(name) for name in (*tag_names, *table["labels"]))
    return _Vocabulary(tag_names, meanings, class_names)


def tag_names() -> tuple[str, ...]:
    """The tagger's 1,000 class names by class id, each unique ("crane (wading bird)", "crane (lifting device)")."""
    return _vocabulary().tag_names


def meaning(word: str) -> Meaning | None:
    """The tags and labels a word covers, or None where Spotter does not know the word."""
    return _vocabulary().meanings.get(normalised(word))


def suggestions(word: str, limit: int = 3) -> list[str]:
    """Known words closest in spelling (difflib's ratio, at least 0.6), closest first; among equally close ones,
    names of tags and labels first ("dgo": "dog" before "ego")."""
    vocabulary = _vocabulary()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(normalised(word))
    scored = []
    for known in vocabulary.meanings:
        matcher.set_seq1(known)
        if matcher.real_quick_ratio() >= SUGGESTION_CUTOFF and matcher.quick_ratio() >= SUGGESTION_CUTOFF:
            similarity = matcher.ratio()
            if similarity >= SUGGESTION_CUTOFF:
                scored.append((-similarity, known not in vocabulary.class_names, known))
    return [known for *_, known in sorted(scored)[:limit]]
