"""The workspace's suggestion panel: the suggester's pending proposals for an annotation, and
the htmx endpoints that accept, reject, accept all, or queue them again ("Suggest")."""

import json

from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import roles, tasks
from .. import undo as history
from ..models import Annotation
from ..suggesting import merging, stored
from .decorators import annotation_write, int_param

TEMPLATE = "annotations/suggestions.html#suggestions"
COMPUTING = "annotations/suggestions.html#computing"


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
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    can_write = roles.may_write_annotation(request.user, role, annotation)
    context = panel_context(project, annotation, can_write)
    if context["suggestions"] is None and "waiting" not in request.GET:
        tasks.queue_article_suggestions(annotation.article_id)
        return _as_it_stands(request, project, annotation, can_write)
    return _as_it_stands(request, project, annotation, can_write, context)


def _as_it_stands(request, project, annotation, can_write, context=None):
    """The panel, or "computing" (polling) while the article's suggestions are missing."""
    # Read again after queueing: an immediate backend has already run the task.
    context = context or panel_context(project, annotation, can_write)
    if context["suggestions"] is None:
        return render(request, COMPUTING, context)
    return render(request, TEMPLATE, context)


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
    """Run the suggester again on this article (say, after speakers were added), in the
    background like every other run: the request computes nothing, and the panel shows
    "computing" until the worker has stored the new suggestions."""
    stored.discard_for_article(annotation.article_id)
    tasks.queue_article_suggestions(annotation.article_id)
    return _as_it_stands(request, project, annotation, True)


@annotation_write
def accept(request, project, role, annotation, key: str):
    version = int_param(request.POST, "version")
    stored.accept(annotation, key, actor=request.user, expected_version=version)
    history.mark_step(annotation, before=version)
    return _panel(request, project, annotation, before=version)


@annotation_write
def reject(request, project, role, annotation, key: str):
    stored.reject(annotation, key, actor=request.user)
    return _panel(request, project, annotation)


@annotation_write
def accept_all(request, project, role, annotation):
    version = int_param(request.POST, "version")
    with transaction.atomic():
        merged = merging.merge_into_identical(
            annotation, actor=request.user, expected_version=version
        )
        quotes = stored.accept_all(
            annotation,
            actor=request.user,
            expected_version=annotation.version if merged else version,  # merged: moved on
        )
    changed = quotes or annotation.version != version
    if changed:
        history.mark_step(annotation, before=version)
    return _panel(request, project, annotation, before=version if changed else None)
