"""drf-spectacular post-processing: the error answers every operation can give, documented
once here instead of on each view (a bad parameter or body 400, 401, 403, 404 for an unknown
project or object, 415 for a body that is not JSON where JSON is required)."""

ERROR = {"$ref": "#/components/schemas/Error"}
COMMON = {
    "400": "A bad parameter or body; `detail` says what, `field` names it.",
    "401": "No or bad credentials.",
    "403": "Your role in the project does not allow this.",
    "404": "No such project (or you are not a member), or no such object.",
}
WITH_BODY = {"415": "The body is not in a media type this operation reads."}
# PostgreSQL text cannot hold a NUL character, so no text parameter may carry one.
NO_NUL = "^[^\\u0000]*$"


def add_error_responses(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            if method == "patch" and "requestBody" in operation:
                operation["requestBody"]["required"] = False  # an empty PATCH changes nothing
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                free_text = not {"pattern", "format", "enum"} & set(schema)
                if parameter.get("in") == "query" and schema.get("type") == "string" and free_text:
                    schema["pattern"] = NO_NUL
            responses = operation.setdefault("responses", {})
            codes = {**COMMON, **(WITH_BODY if "requestBody" in operation else {})}
            for code, description in codes.items():
                content = {"application/json": {"schema": ERROR}}
                responses.setdefault(code, {"description": description, "content": content})
    return result
