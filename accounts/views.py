"""Auth endpoints: tokens for API clients, a session cookie (with CSRF) for the browser UI."""

from django.contrib.auth import login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api.schema import refusals

from .serializers import CredentialsInput, RegisterOutput, TokenOutput, UserOutput
from .service import AccountService


class _CredentialsView(APIView):
    """Open to anyone, throttled, and free of session auth so that CSRF does not apply."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def credentials(self, request: Request) -> dict:
        body = CredentialsInput(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data


class RegisterView(_CredentialsView):
    @extend_schema(
        request=CredentialsInput,
        responses={201: RegisterOutput},
        summary="Create an account",
        extensions=refusals(
            weak_password="the password is too short, too common, too like the username, or has too "
            "few different characters (`details.password` says which)"
        ),
    )
    def post(self, request: Request) -> Response:
        user, token = AccountService().register(**self.credentials(request))
        body = {"user": UserOutput(user).data, "token": token}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenView(_CredentialsView):
    @extend_schema(request=CredentialsInput, responses=TokenOutput, summary="Get an API token")
    def post(self, request: Request) -> Response:
        service = AccountService()
        user = service.authenticate(request, **self.credentials(request))
        return Response({"token": service.token_for(user)})


class LoginView(_CredentialsView):
    @extend_schema(request=CredentialsInput, responses=UserOutput, summary="Log in the browser (session cookie)")
    def post(self, request: Request) -> Response:
        user = AccountService().authenticate(request, **self.credentials(request))
        login(request._request, user)
        return Response(UserOutput(user).data)


class LogoutView(APIView):
    @extend_schema(
        request=None,
        responses={204: None},
        summary="Log out: end the browser's session, or revoke the token sent (POST /api/auth/token makes a new one)",
    )
    def post(self, request: Request) -> Response:
        if request.auth is not None:  # a token
            AccountService().revoke_token(request.user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=UserOutput, summary="Who you are")
    def get(self, request: Request) -> Response:
        return Response(UserOutput(request.user).data)


@method_decorator(ensure_csrf_cookie, name="get")
class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={204: None}, summary="Set the CSRF cookie the browser UI sends back")
    def get(self, request: Request) -> Response:
        return Response(status=status.HTTP_204_NO_CONTENT)
