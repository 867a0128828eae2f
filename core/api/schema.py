"""OpenAPI hooks: each endpoint listed once, and every operation may answer in the one error shape (API.md)."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}
_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}


def add_error_responses(result: dict, generator, request, public) -> dict:
    """A `default` response (400, 401, 404, 413, 429, 503 ...) in the error shape on every operation, and that
    shape for each error response a view names with a description only."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    default = {
        "description": "An error, in the error shape: 400 invalid input, 401 not authenticated, 404 unknown or "
        "not yours, 409 conflict, 413 too large, 415 unsupported media type, 429 throttled, 503 a dependency "
        "is down.",
        "content": content,
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in _METHODS:
                responses = operation.setdefault("responses", {})
                responses.setdefault("default", default)
                for status, response in responses.items():
                    if str(status)[0] in "45":
                        response.setdefault("content", content)
    return result


def drop_slash_twins(endpoints: list) -> list:
    """Leave out the second route routing.slash_optional gives each endpoint."""
    return [endpoint for endpoint in endpoints if not getattr(endpoint[3], "slash_twin", False)]
