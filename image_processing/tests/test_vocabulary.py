"""The search vocabulary: the committed table is what WordNet gives, and words mean what people expect."""

import subprocess
import sys
from pathlib import Path

import pytest

from image_processing.search.vocabulary import meaning, suggestions, tag_names

ROOT = Path(__file__).resolve().parents[2]
WORDNET = Path("/usr/share/wordnet/data.noun")


def test_the_committed_table_is_what_the_generator_makes():
    if not WORDNET.exists():
        pytest.fail("install Debian's wordnet-base (make /usr/share/wordnet/data.noun)")
    check = subprocess.run(
        [sys.executable, "scripts/make_vocabulary.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_tag_names_are_the_1000_classes_each_named_once():
    names = tag_names()
    assert len(names) == len(set(names)) == 1000
    assert (names[0], names[281], names[999]) == ("tench", "tabby", "toilet tissue")
    assert {"crane (wading bird)", "crane (lifting device)"} <= set(names) and "crane" not in names


def test_a_word_covers_everything_below_it():
    dog = meaning("dog")
    assert {"golden retriever", "beagle", "pug"} <= dog.tags and dog.labels == {"dog"}
    animal = meaning("animal")
    assert {"tabby", "Egyptian cat", "goldfish"} <= animal.tags
    assert {"cat", "dog", "bird", "horse", "zebra", "giraffe"} <= animal.labels
    assert "person" not in animal.labels and not {"espresso", "cup", "scuba diver"} & animal.tags
    vehicle = meaning("vehicle")
    assert {"car", "bicycle", "bus", "truck", "motorcycle", "train"} <= vehicle.labels
    assert {"sports car", "school bus", "mountain bike"} <= vehicle.tags
    food = meaning("food")
    assert {"espresso", "pizza", "Granny Smith"} <= food.tags and {"pizza", "banana", "hot dog"} <= food.labels
    assert {"chair", "couch", "bed", "dining table"} <= meaning("furniture").labels
    container = meaning("container")
    assert {"cup", "bottle", "bowl", "vase"} <= container.labels and {"beer bottle", "coffee mug"} <= container.tags


def test_a_word_with_several_senses_covers_them_all():
    assert meaning("crane").tags == {"crane (wading bird)", "crane (lifting device)"}
    assert meaning("crane (wading bird)").tags == {"crane (wading bird)"}
    assert meaning("cup").labels == {"cup"} and "cup" in meaning("cup").tags


def test_synonyms_and_words_below_the_classes():
    automobile = meaning("automobile")
    assert automobile.labels == {"car"} and "sports car" in automobile.tags and automobile.tags <= meaning("car").tags
    assert meaning("puppy") == meaning("doggy") == meaning("dog")
    assert meaning("kitty").labels == {"cat"} and {"tabby", "Persian cat"} <= meaning("kitty").tags
    assert meaning("woman") == meaning("man") == meaning("person")  # "man": the adult male, not the chess piece
    assert meaning("sports ball").labels == {"sports ball"} and "soccer ball" in meaning("sports ball").tags
    assert meaning("tv").labels == {"tv"}


def test_an_exact_name_covers_exactly_that():
    retriever = meaning("golden retriever")
    assert retriever.tags == {"golden retriever"} and not retriever.labels
    assert meaning("  Golden_Retriever ") == retriever


def test_an_unknown_word_has_no_meaning_but_suggestions():
    assert meaning("dgo") is None
    assert "dog" in suggestions("dgo")
    assert suggestions("automobil", limit=1) == ["automobile"]
    assert all(meaning(word) for word in ("dog", "golden retriever", "crane (wading bird)", "sports ball"))
