"""Every error the API answers has the shape its schema documents (`ErrorSerializer`):
`{"detail": message, "field": where}`, with DRF's own per-field lists kept beside them.

DRF answers a serializer's or a filter's field errors as `{"time_spent": ["…"]}`, with no
`detail`; `with_detail` adds one (the first error, prefixed with where it is) and `field`.
URLs that no API view matches get JSON too (404, 400, 500), not Django's HTML pages.
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def with_detail(data):
    """An error body with `detail` (and `field` when the error is a field's)."""
    if isinstance(data, dict) and "detail" in data:
        return data
    if isinstance(data, list):
        field, message = _first_error(data)
        return {"detail": message, "errors": data}
    if isinstance(data, dict):
        field, message = _first_error(data)
        body = {"detail": f"{field}: {message}" if field else message}
        if field:
            body["field"] = field
        return {**body, **data}
    return {"detail": str(data)}


def _first_error(errors, where: str = "") -> tuple[str, str]:
    """The place (`quotes[0].content`) and the message of the first error in DRF's tree."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "non_field_errors":
                return _first_error(value, where)
            if value:
                return _first_error(value, f"{where}.{key}" if where else str(key))
        return where, "invalid"
    if isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, dict | list) and value:
                place = f"{where}[{index}]" if isinstance(value, dict) else where
                return _first_error(value, place)
            if value:
                return where, str(value)
        return where, "invalid"
    return where, str(errors)


def not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "A server error occurred; it has been logged."}, status=500)
    return defaults.server_error(request)
