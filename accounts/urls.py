from core.api.routing import slash_optional

from . import views

urlpatterns = [
    *slash_optional("auth/register", views.RegisterView.as_view(), "auth-register"),
    *slash_optional("auth/token", views.TokenView.as_view(), "auth-token"),
    *slash_optional("auth/login", views.LoginView.as_view(), "auth-login"),
    *slash_optional("auth/logout", views.LogoutView.as_view(), "auth-logout"),
    *slash_optional("auth/me", views.MeView.as_view(), "auth-me"),
    *slash_optional("auth/csrf", views.CsrfView.as_view(), "auth-csrf"),
]
