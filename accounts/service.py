"""Accounts: register, and exchange a username and password for an API token."""

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.errors import Conflict, DomainError, InvalidInput

from . import names
from .repository import AccountRepository


class InvalidCredentials(DomainError):
    status_code = 401
    code = "invalid_credentials"


class AccountService:
    def __init__(self, repository: AccountRepository | None = None):
        self.accounts = repository or AccountRepository()

    def register(self, username: str, password: str):
        """A new user and their API token. The username may be neither taken, whatever its case, nor one that
        looks like a taken one (see `names.skeleton`)."""
        if self.accounts.username_taken(username):
            raise Conflict("That username is taken; choose another.", code="username_taken")
        if self._looks_taken(username):
            raise Conflict(
                "That username looks like one that is taken, so others could mistake you for each other; "
                "choose another.",
                code="username_confusable",
            )
        try:
            if not password.strip():
                raise ValidationError("The password cannot be only spaces.")
            password_validation.validate_password(password, user=self.accounts.unsaved_user(username))
        except ValidationError as error:
            raise InvalidInput(
                " ".join(error.messages), code="weak_password", details={"password": error.messages}
            ) from None
        try:
            with transaction.atomic():
                user = self.accounts.create_user(username, password)
                return user, self.accounts.token_for(user)
        except IntegrityError:  # registered by a concurrent request
            raise Conflict("That username is taken; choose another.", code="username_taken") from None

    def _looks_taken(self, username: str) -> bool:
        # Skeletons are not stored: every name is compared, which a self-hosted library's few users make cheap.
        looks = names.skeleton(username)
        return any(names.skeleton(taken) == looks for taken in self.accounts.usernames())

    def authenticate(self, request, username: str, password: str):
        user = authenticate(request, username=username, password=password)
        if user is None or not user.is_active:
            raise InvalidCredentials("The username or password is wrong.")
        return user

    def token_for(self, user) -> str:
        return self.accounts.token_for(user)

    def revoke_token(self, user) -> None:
        """The user's token stops working; asking for a token again makes a new one."""
        self.accounts.delete_token(user)
