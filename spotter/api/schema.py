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
    """A `default` response (400, 401, 404, 413, 429, 503 ...) in the error shape on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    default = {
        "description": "An error, in the error shape: 400 invalid input, 401 not authenticated, 404 unknown or "
        "not yours, 409 conflict, 413 too large, 415 unsupported media type, 429 throttled, 503 a dependency "
        "is down.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in _METHODS:
                operation.setdefault("responses", {}).setdefault("default", default)
    return result


def drop_slash_twins(endpoints: list) -> list:
    """Leave out the second route routing.slash_optional gives each endpoint."""
    return [endpoint for endpoint in endpoints if not getattr(endpoint[3], "slash_twin", False)]
