"""The search box's query language: what good queries mean, and where bad ones go wrong."""

import pytest

from image_processing.search.query_parser import QueryRefused, parse


def test_terms_phrases_exclusions_counts_and_confidences():
    dog, beach, retriever, car, people, cat = parse('dog seashore "golden retriever" -car person>=2 cat>0.8')
    assert (dog.text, beach.text, retriever.text) == ("dog", "seashore", "golden retriever")
    assert "dog" in dog.meaning.labels and "beagle" in dog.meaning.tags
    assert retriever.meaning.tags == {"golden retriever"} and not retriever.meaning.labels
    assert car.exclude and "car" in car.meaning.labels
    assert (people.min_count, people.min_confidence) == (2, None)
    assert (cat.min_count, cat.min_confidence) == (0, 0.8)
    assert parse("golden_retriever")[0].meaning == retriever.meaning  # an underscore joins a phrase
    assert parse("person>2")[0].min_count == 3
    assert parse("  Dog  ")[0].text == "dog"


def test_flags_say_what_a_photo_is_and_may_be_left_out_alone():
    dog, blurry, duplicate = parse("dog is:blurry -IS:Duplicate")
    assert dog.flag is None
    assert (blurry.text, blurry.flag, blurry.exclude) == ("is:blurry", "blurry", False)
    assert (duplicate.text, duplicate.flag, duplicate.exclude) == ("is:duplicate", "duplicate", True)
    assert not blurry.meaning.labels and not blurry.meaning.tags  # no detection or tag makes a flag match
    (sharp,) = parse("-is:blurry")  # every photo but the blurry ones: something to find
    assert sharp.exclude and sharp.flag == "blurry"


@pytest.mark.parametrize(
    ("query", "code", "position", "says"),
    [
        ("dgo>=2", "unknown_term", 0, "did you mean"),
        ("cat dgo>0.5", "unknown_term", 4, "dog"),
        ("text:", "malformed_query", 0, "needs a word"),
        ('text:"--"', "malformed_query", 0, "needs a word"),
        ("text:menu>=2", "malformed_query", 9, "takes no count"),
        ("-text:menu", "malformed_query", 0, "not only what to leave out"),
        ('cat "golden retriever', "malformed_query", 4, "never closed"),
        ("person>=", "malformed_query", 8, "needs a count"),
        ("person>=two", "malformed_query", 8, "needs a count"),
        ("cat>1.5", "malformed_query", 4, "needs a count"),
        ("espresso>=2", "malformed_query", 10, "only a tag"),
        ("-car>=2", "malformed_query", 4, "left out"),
        ("-car", "malformed_query", 0, "not only what to leave out"),
        ('""', "malformed_query", 0, "no words"),
        ("cat _", "malformed_query", 4, "no word here"),
        ("cat & dog", "malformed_query", 4, "cannot appear here"),
        ("   ", "malformed_query", 0, "empty"),
        ("dog OR cat", "malformed_query", 4, "there is no OR"),
        ("dog and cat", "malformed_query", 4, "leave out AND"),
        ("dog NOT cat", "malformed_query", 4, "-car"),
        ("is:foo", "unknown_term", 0, "the flags are is:blurry, is:duplicate"),
        ("dog -is:", "unknown_term", 4, "the flags are is:blurry, is:duplicate"),
        ("cat is:blurry>2", "malformed_query", 13, "a flag takes no count or confidence"),
        ("is:duplicate>=0.5", "malformed_query", 12, "a flag takes no count or confidence"),
        ("-is:blurry>2", "malformed_query", 10, "a flag takes no count or confidence"),
        ("is:blurry:x", "malformed_query", 9, "cannot appear here"),
    ],
)
def test_a_bad_query_says_what_and_where(query, code, position, says):
    with pytest.raises(QueryRefused) as refused:
        parse(query)
    assert refused.value.code == code
    assert refused.value.details["position"] == position
    assert says in refused.value.message


def test_an_unknown_word_is_looked_for_in_the_text_read_with_its_refusal_ready():
    cat, unknown = parse("cat Dgo")
    assert cat.read is None and cat.unknown is None
    assert (unknown.read, unknown.prefix, unknown.meaning.labels) == ("dgo", False, frozenset())
    assert "dog" in unknown.unknown.details["suggestions"] and unknown.unknown.details["position"] == 4
    assert unknown.unknown.message.startswith("Spotter does not know 'dgo': did you mean ")


def test_text_terms_are_compared_without_case_accents_or_punctuation():
    word, phrase, prefix, left_out = parse('text:Café text:"Wi-Fi  password" TEXT:wifi* -text:receipt')
    assert (word.read, word.prefix, word.text) == ("cafe", False, "text:cafe")
    assert (phrase.read, phrase.text) == ("wi fi password", 'text:"wi fi password"')
    assert (prefix.read, prefix.prefix, prefix.text) == ("wifi", True, "text:wifi*")
    assert (left_out.read, left_out.exclude) == ("receipt", True)
    assert all(term.unknown is None for term in (word, phrase, prefix, left_out))


def test_an_unknown_flag_suggests_the_known_ones():
    with pytest.raises(QueryRefused) as refused:
        parse("is:blury")
    assert refused.value.details == {"term": "is:blury", "position": 0, "suggestions": ["is:blurry", "is:duplicate"]}
