from rest_framework import serializers

from core.api.fields import TextField

from . import names


class UsernameField(serializers.RegexField):
    """A username in the form Django stores it (NFKC: fullwidth letters become plain ones), so that registering
    and logging in both see that form, and the pattern and the length apply to it."""

    def to_internal_value(self, data) -> str:
        if not isinstance(data, str):  # a RegexField would take a number as its digits
            raise serializers.ValidationError("Not a valid string.", code="invalid")
        return names.normalise(super().to_internal_value(data))


class CredentialsInput(serializers.Serializer):
    username = UsernameField(
        r"^[\w.@+-]+\Z", max_length=150, error_messages={"invalid": "Use letters, digits and @ . + - _ only."}
    )
    password = TextField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class UserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class RegisterOutput(serializers.Serializer):
    user = UserOutput()
    token = serializers.CharField()


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
