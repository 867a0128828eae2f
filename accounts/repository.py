from collections.abc import Iterator

from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

User = get_user_model()


class AccountRepository:
    def username_taken(self, username: str) -> bool:
        return User.objects.filter(username__iexact=username).exists()

    def usernames(self) -> Iterator[str]:
        return User.objects.values_list("username", flat=True).iterator()

    def unsaved_user(self, username: str):
        """A user not stored, for checks that compare a password with the username."""
        return User(username=username)

    def create_user(self, username: str, password: str):
        return User.objects.create_user(username=username, password=password)

    def token_for(self, user) -> str:
        token, _ = Token.objects.get_or_create(user=user)
        return token.key

    def delete_token(self, user) -> None:
        Token.objects.filter(user=user).delete()
