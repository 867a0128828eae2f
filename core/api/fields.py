"""Request fields whose OpenAPI schema says exactly what they take, and the base of the query-string serializers.

The schema is generated from these fields (drf-spectacular turns a RegexValidator into a `pattern`), so what the
schema calls valid the code accepts, and what it calls invalid the code refuses with a 400 in the error shape."""

import re

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from rest_framework import serializers

# What str.strip() (and so a CharField's trimming) takes for white space, spelled out: other readers of a pattern
# read `\s` as other sets (JavaScript's RegExp; schemathesis, which reads patterns with re.ASCII).
WHITE_SPACE = r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Some text: not only white space (a CharField trims it, and refuses what is left empty), and no NUL character
# (which PostgreSQL cannot store).
SOME_TEXT = rf"^[^\u0000]*[^{WHITE_SPACE}\u0000][^\u0000]*$"
# Where white space is text too (no trimming), or where a field takes empty text (`allow_blank`: drf-spectacular
# adds the empty string to the schema as a second choice, which must not match this one too).
NO_NULL = r"^[^\u0000]+$"

NULL_REFUSED = "Null characters are not allowed."

# A UUID as the schema's `format: uuid` and Django's <uuid:…> paths write it (uuid.UUID would also read other forms).
UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class TextField(serializers.CharField):
    """A CharField whose schema says what it takes: a string (a CharField also takes a number, and makes it text),
    not made only of white space (unless `allow_blank`, or `trim_whitespace` is off), with no NUL character.
    `pattern` (whole-value, `^…$`, refusing NUL itself) narrows it further."""

    def __init__(self, *, pattern: str | None = None, message: str = NULL_REFUSED, **kwargs):
        super().__init__(**kwargs)
        pattern = pattern or (NO_NULL if self.allow_blank or not self.trim_whitespace else SOME_TEXT)
        # Python's `$` also matches before a final line break; the schema's (`\Z` is written `$` there) does not.
        if pattern.endswith("$"):
            pattern = pattern[:-1] + r"\Z"
        # The pattern's validator says what ProhibitNullCharactersValidator said; one message is enough.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(RegexValidator(pattern, message))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class UuidString(serializers.UUIDField):
    """A UUID written as a string, as `format: uuid` says: DRF's UUIDField alone also takes the number 1 as
    00000000-…-0001, and strings in the other forms uuid.UUID reads (32 hex digits, braces, urn:uuid:)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(UUID_PATTERN, data):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class QueryParameters(serializers.Serializer):
    """A query string's parameters. One given empty (`?taken_after=`, `?status=`) is refused, where DRF would read
    it as left out: an empty date or choice is no date or choice, and a filter silently dropped would answer more
    than was asked for. A parameter that takes empty text (`allow_blank`) keeps it."""

    EMPTY = "Give a value, or leave the parameter out."

    def to_internal_value(self, data):
        empty = {
            name: [self.EMPTY]
            for name, field in self.fields.items()
            if not field.read_only and data.get(name) == "" and not getattr(field, "allow_blank", False)
        }
        if empty:
            raise serializers.ValidationError(empty)
        return super().to_internal_value(data)
