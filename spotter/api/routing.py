from django.urls import path


def slash_optional(route: str, view, name: str) -> list:
    """The route with and without its trailing slash, so clients need not guess (no redirects)."""
    bare = route.rstrip("/")
    return [path(bare + "/", view, name=name), path(bare, view)]
