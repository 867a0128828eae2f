from rest_framework import serializers


class CredentialsInput(serializers.Serializer):
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, error_messages={"invalid": "Use letters, digits and @ . + - _ only."}
    )
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class UserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class RegisterOutput(serializers.Serializer):
    user = UserOutput()
    token = serializers.CharField()


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
