"""Usernames: the form they are stored in, and a skeleton that names a reader could mistake for one another
share."""

import unicodedata

# Cyrillic and Greek letters (casefolded) that look like a Latin letter, or whose capital does: from Unicode's
# confusables list (UTS #39), the letters that pass for Latin ones in ordinary fonts. Named, since they look
# like what they stand for.
_LOOK_ALIKES = {
    "a": ["CYRILLIC SMALL LETTER A", "GREEK SMALL LETTER ALPHA"],
    "b": ["CYRILLIC SMALL LETTER VE", "GREEK SMALL LETTER BETA"],
    "c": ["CYRILLIC SMALL LETTER ES", "GREEK LUNATE SIGMA SYMBOL"],
    "d": ["CYRILLIC SMALL LETTER KOMI DE"],
    "e": ["CYRILLIC SMALL LETTER IE", "GREEK SMALL LETTER EPSILON"],
    "h": ["CYRILLIC SMALL LETTER EN", "CYRILLIC SMALL LETTER SHHA", "GREEK SMALL LETTER ETA"],
    "i": ["CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", "GREEK SMALL LETTER IOTA", "LATIN SMALL LETTER DOTLESS I"],
    "j": ["CYRILLIC SMALL LETTER JE"],
    "k": ["CYRILLIC SMALL LETTER KA", "GREEK SMALL LETTER KAPPA"],
    "l": ["CYRILLIC SMALL LETTER PALOCHKA"],
    "m": ["CYRILLIC SMALL LETTER EM", "GREEK SMALL LETTER MU"],
    "o": ["CYRILLIC SMALL LETTER O", "GREEK SMALL LETTER OMICRON"],
    "p": ["CYRILLIC SMALL LETTER ER", "GREEK SMALL LETTER RHO"],
    "s": ["CYRILLIC SMALL LETTER DZE"],
    "t": ["CYRILLIC SMALL LETTER TE", "GREEK SMALL LETTER TAU"],
    "v": ["GREEK SMALL LETTER NU"],
    "w": ["CYRILLIC SMALL LETTER WE"],
    "x": ["CYRILLIC SMALL LETTER HA", "GREEK SMALL LETTER CHI"],
    "y": ["CYRILLIC SMALL LETTER U", "CYRILLIC SMALL LETTER STRAIGHT U"],
    "z": ["GREEK SMALL LETTER ZETA"],
}
_AS_LATIN = str.maketrans(
    {unicodedata.lookup(name): latin for latin, look_alikes in _LOOK_ALIKES.items() for name in look_alikes}
)


def normalise(username: str) -> str:
    """NFKC, as Django stores usernames: fullwidth, styled (mathematical bold, ...) and other compatibility
    forms of letters and digits become the plain ones."""
    return unicodedata.normalize("NFKC", username)


def skeleton(username: str) -> str:
    """What a username looks like to a reader: two names with the same skeleton can be taken for one another.

    NFKC makes compatibility forms plain, casefolding makes case irrelevant (and "ß" "ss"), and the Cyrillic
    and Greek letters that pass for Latin ones become those: "GRACE" in fullwidth letters, "Grace", and "grace"
    spelt with a Cyrillic "a" all look like "grace". Accented letters stay themselves: "josé" is not "jose".
    A small part of Unicode's confusables table, the look-alikes used to pass for another user.
    """
    return normalise(normalise(username).casefold()).translate(_AS_LATIN)
