from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.api.routing import slash_optional

from . import frontend
from .export_view import ExportView
from .health import HealthView

api = [
    path("", include("accounts.urls")),
    path("", include("image_processing.urls")),
    path("", include("long_running_tasks.urls")),
    *slash_optional("health", HealthView.as_view(), "health"),
    *slash_optional("exports/", ExportView.as_view(), "export"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("api/", include(api)),
    re_path(r"^(?!api/).*$", frontend.index, name="frontend"),
]
