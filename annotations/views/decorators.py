"""What every page shares: the role gate, integer parameters, and how a page answers the
errors the capabilities raise.

- `project_page(request, slug, may=…)`: the project and the caller's role; 404 for an
  outsider (the project does not exist for them), 403 for a member whose role lacks the
  right, as in the API.
- `int_param`: a malformed integer parameter is a `FieldError` naming it, so 400 everywhere.
- `answers_errors(render_error)`: a `FieldError` becomes 400 and `StaleVersion` 409, drawn by
  the screen's own `render_error(request, message, status, **kwargs)`; nothing was changed.
- `annotation_write`: the htmx endpoints that change one annotation: the annotation as
  `roles.annotation_for` finds it, 403 for a reader, and the errors above as the workspace's
  message partial.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from .. import roles
from ..errors import FieldError, StaleVersion

MESSAGE = "annotations/workspace.html#message"


def project_page(request, slug: str, may=roles.can_manage) -> tuple:
    """The project and the caller's role, if `may(role)`; else 403 (members) or 404."""
    project, role = roles.project_for(request.user, slug)
    if not may(role):
        raise PermissionDenied("your role in this project does not allow this")
    return project, role


def int_param(data, name: str) -> int:
    """A whole number from GET or POST data; FieldError (400) naming the parameter."""
    try:
        return int(data.get(name, ""))
    except (TypeError, ValueError):
        raise FieldError(name, f"{name} must be a whole number") from None


def optional_int(value) -> int | None:
    """A whole number, or None for anything else (for optional display hints)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def error_text(error: FieldError) -> str:
    return f"{error.field}: {error.message}" if error.field else error.message


def answers_errors(render_error):
    """Answer FieldError with 400 and StaleVersion with 409, drawn by `render_error`."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except StaleVersion as error:
                return render_error(request, str(error), 409, *args, **kwargs)
            except FieldError as error:
                return render_error(request, error_text(error), 400, *args, **kwargs)

        return wrapper

    return decorate


def message(request, text: str, status: int, *args, **kwargs):
    """The workspace's one-line message partial (htmx swaps it into the page)."""
    return render(request, MESSAGE, {"message": text}, status=status)


def annotation_write(view):
    """POST only; calls `view(request, project, role, annotation, **kwargs)` for those who may
    change the annotation (403 for readers, 404 for those who may not see it)."""

    @wraps(view)
    @require_POST
    @answers_errors(message)
    def wrapper(request, slug, annotation_id, **kwargs):
        project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
        if not roles.may_write_annotation(request.user, role, annotation):
            return message(request, "You may not change this annotation.", 403)
        return view(request, project, role, annotation, **kwargs)

    return wrapper
