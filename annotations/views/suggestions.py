"""The workspace's suggestion panel: the suggester's pending proposals for an annotation, and
the htmx endpoints that accept, reject, accept all, or compute them again ("Suggest")."""

import json
from functools import wraps

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from .. import editing, roles, spans, tasks, workspace
from ..models import Annotation
from ..suggesting import stored

TEMPLATE = "annotations/suggestions.html#suggestions"
COMPUTING = "annotations/suggestions.html#computing"
MESSAGE = "annotations/workspace.html#message"


def pending(annotation: Annotation) -> list[dict] | None:
    """The pending suggestions with their spans' texts, or None while they are computed."""
    text = annotation.article.text
    found = stored.pending_for(annotation, ready_only=True)
    return None if found is None else [s.as_dict(text) for s in found]


def panel_context(project, annotation: Annotation, can_write: bool) -> dict:
    return {
        "project": project,
        "annotation": annotation,
        "can_write": can_write,
        "suggestions": pending(annotation),
    }


@require_GET
def panel(request, slug, annotation_id):
    """The panel as it stands: never computes; while the article's suggestions are missing,
    asks for them in the background and shows "computing", polling until they are ready."""
    project, role, annotation = workspace.visible_annotation(request.user, slug, annotation_id)
    can_write = roles.may_write_annotation(request.user, role, annotation)
    context = panel_context(project, annotation, can_write)
    if context["suggestions"] is None:
        if "waiting" not in request.GET:
            tasks.queue_article_suggestions(annotation.article_id)
            context = panel_context(project, annotation, can_write)  # an immediate backend
        if context["suggestions"] is None:
            return render(request, COMPUTING, context)
    return render(request, TEMPLATE, context)


def _decides(view):
    """Writers only; a stale version is 409, a bad key 400; answers with the panel again."""

    @wraps(view)
    @require_POST
    def wrapper(request, slug, annotation_id, **kwargs):
        project, role, annotation = workspace.visible_annotation(request.user, slug, annotation_id)
        if not roles.may_write_annotation(request.user, role, annotation):
            return render(request, MESSAGE, {"message": "You may not change this annotation."}, 403)
        version = annotation.version
        try:
            changed = view(request, annotation, **kwargs)
        except editing.StaleVersion as error:
            return render(request, MESSAGE, {"message": str(error)}, status=409)
        except (editing.EditError, spans.SpanError) as error:
            return render(request, MESSAGE, {"message": f"{error.field}: {error}"}, status=400)
        response = render(request, TEMPLATE, panel_context(project, annotation, True))
        if changed:
            # The workspace reloads the annotation, and its undo stack can go back to `version`.
            response["HX-Trigger"] = json.dumps(
                {"annotationChanged": {"before": version}, "suggestionAccepted": {}}
            )
        return response

    return wrapper


@_decides
def suggest_now(request, annotation) -> bool:
    """Run the suggester again on this article (say, after speakers were added)."""
    stored.compute_for_article(annotation.article)
    return False


@_decides
def accept(request, annotation, key: str) -> bool:
    stored.accept(annotation, key, actor=request.user, expected_version=_version(request))
    return True


@_decides
def reject(request, annotation, key: str) -> bool:
    stored.reject(annotation, key, actor=request.user)
    return False


@_decides
def accept_all(request, annotation) -> bool:
    quotes = stored.accept_all(annotation, actor=request.user, expected_version=_version(request))
    return bool(quotes)


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as error:
        raise editing.EditError("version", "version must be a whole number") from error
