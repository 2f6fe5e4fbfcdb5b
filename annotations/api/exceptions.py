"""How the API answers errors, in one place: every answer under /api/ is JSON.

- `FieldError` (every user-fixable error of the capabilities) is 400
  `{"detail": message, "field": field}`, with the message also under the top-level key the
  field starts with, as DRF reports a serializer's field errors (`mentions[2].end` →
  `"mentions": [message]`).
- `StaleVersion` is 409 `{"detail": message, "current_version": n}`; nothing was changed.
- Everything else is DRF's own answer.

`not_found` and `server_error` are the project's 404 and 500 handlers: JSON under /api/, the
ordinary HTML pages elsewhere (Django calls them for URLs no API view matched and for
exceptions no view handled).
"""

import re

from django.http import JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..errors import FieldError, StaleVersion

API_PREFIX = "/api/"


def handle(exc, context):
    """REST_FRAMEWORK's EXCEPTION_HANDLER."""
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": str(exc), "current_version": exc.current},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, FieldError):
        return Response(field_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    return exception_handler(exc, context)


def field_error_body(error: FieldError) -> dict:
    body = {"detail": error.message, "field": error.field}
    top = re.match(r"\w+", error.field or "")
    if top and top.group() not in body:
        body[top.group()] = [error.message]
    return body


def not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "A server error occurred; it has been logged."}, status=500)
    return defaults.server_error(request)
