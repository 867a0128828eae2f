"""OpenAPI hooks: each endpoint listed once, and every operation may answer in the one error shape (API.md); what
an operation refuses although the schema calls it valid is listed with it (`refusals`)."""

from drf_spectacular.openapi import AutoSchema

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
REFUSALS = "x-refusals"


def refusals(**meanings: str) -> dict:
    """For `extend_schema(extensions=...)`: the error codes of the 400s with which an operation refuses a request
    that its schema calls valid, because what is wrong with it is beyond a schema to say (a model name that no model
    has, a word Spotter does not know, a file that is no photo), each with what it means. They stay in the
    operation as `x-refusals` (the contract tests read them) and are listed under its 400 response."""
    return {REFUSALS: meanings}


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
                if operation.get(REFUSALS):
                    _list_refusals(responses.setdefault("400", {"description": "Invalid input."}), operation[REFUSALS])
                for status, response in responses.items():
                    if str(status)[0] in "45":
                        response.setdefault("content", content)
    return result


def _list_refusals(response: dict, meanings: dict[str, str]) -> None:
    listed = "; ".join(f"`{code}`: {meaning}" for code, meaning in meanings.items())
    said = (response.get("description") or "Invalid input").rstrip(".")
    response["description"] = f"{said}. Refused although well formed: {listed}"


def drop_slash_twins(endpoints: list) -> list:
    """Leave out the second route routing.slash_optional gives each endpoint."""
    return [endpoint for endpoint in endpoints if not getattr(endpoint[3], "slash_twin", False)]


class BodyOnDeleteSchema(AutoSchema):
    """The schema of a view whose DELETE takes a JSON body, as DRF reads it: drf-spectacular documents a body
    only for PUT, PATCH and POST, so the body is described as POST's would be."""

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"
