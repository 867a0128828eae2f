"""A password rule beyond the validators in AUTH_PASSWORD_VALIDATORS."""

import unicodedata

from django.core.exceptions import ValidationError

_SKIN_TONES = range(0x1F3FB, 0x1F400)  # emoji modifiers, which colour the emoji before them


class DifferentSymbolsValidator:
    """At least `minimum` different symbols. Django's MinimumLengthValidator counts code points, so "😀" eight
    times, "aaaaaaaa" or "abababab" is long enough for it; none is a password.

    A symbol is what a person picks: accents, skin tones, variation selectors and zero-width joiners belong to
    the symbol they modify and are not counted, so "👍🏽" is "👍", "é" is "e" and a family emoji is its members.
    """

    def __init__(self, minimum: int = 5):
        self.minimum = minimum

    def validate(self, password: str, user=None) -> None:
        if len(_symbols(password)) < self.minimum:
            raise ValidationError(
                f"This password has too few different characters: it needs at least {self.minimum}.",
                code="password_too_few_different_characters",
            )

    def get_help_text(self) -> str:
        return f"Your password must contain at least {self.minimum} different characters."


def _symbols(password: str) -> set[str]:
    decomposed = unicodedata.normalize("NFKD", password)  # "é" becomes "e" and a combining accent
    return {
        char
        for char in decomposed
        if unicodedata.category(char) not in {"Mn", "Me", "Cf"} and ord(char) not in _SKIN_TONES
    }
