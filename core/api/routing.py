from django.urls import path


def slash_optional(route: str, view, name: str) -> list:
    """The route as written, and its twin with or without the trailing slash, so clients need not guess (no
    redirects). The twin is marked so that the API docs list each endpoint once (schema.drop_slash_twins)."""
    twin = view.view_class.as_view(**view.view_initkwargs)
    twin.slash_twin = True
    other = route.rstrip("/") if route.endswith("/") else route + "/"
    return [path(route, view, name=name), path(other, twin)]
