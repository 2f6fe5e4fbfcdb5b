"""The workspace's suggestion panel: the suggester's pending proposals for an annotation, and
the htmx endpoints that accept, reject, accept all, or compute them again ("Suggest")."""

import json

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import roles
from ..models import Annotation
from ..suggesting import stored
from .decorators import annotation_write, int_param

TEMPLATE = "annotations/suggestions.html#suggestions"


def pending(annotation: Annotation) -> list[dict]:
    """The pending suggestions with their spans' texts; the workspace page shows them too."""
    text = annotation.article.text
    return [s.as_dict(text) for s in stored.pending_for(annotation)]


def panel_context(project, annotation: Annotation, can_write: bool) -> dict:
    return {
        "project": project,
        "annotation": annotation,
        "can_write": can_write,
        "suggestions": pending(annotation),
    }


@require_GET
def panel(request, slug, annotation_id):
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    can_write = roles.may_write_annotation(request.user, role, annotation)
    return render(request, TEMPLATE, panel_context(project, annotation, can_write))


def _panel(request, project, annotation, *, before: int | None = None):
    """The panel again; `before`, when the annotation changed, is the version the workspace's
    undo stack can go back to (the workspace reloads the annotation)."""
    response = render(request, TEMPLATE, panel_context(project, annotation, True))
    if before is not None:
        response["HX-Trigger"] = json.dumps(
            {"annotationChanged": {"before": before}, "suggestionAccepted": {}}
        )
    return response


@annotation_write
def suggest_now(request, project, role, annotation):
    """Run the suggester again on this article (say, after speakers were added)."""
    stored.compute_for_article(annotation.article)
    return _panel(request, project, annotation)


@annotation_write
def accept(request, project, role, annotation, key: str):
    version = int_param(request.POST, "version")
    stored.accept(annotation, key, actor=request.user, expected_version=version)
    return _panel(request, project, annotation, before=version)


@annotation_write
def reject(request, project, role, annotation, key: str):
    stored.reject(annotation, key, actor=request.user)
    return _panel(request, project, annotation)


@annotation_write
def accept_all(request, project, role, annotation):
    version = int_param(request.POST, "version")
    quotes = stored.accept_all(annotation, actor=request.user, expected_version=version)
    return _panel(request, project, annotation, before=version if quotes else None)
