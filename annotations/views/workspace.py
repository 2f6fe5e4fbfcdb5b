"""The annotation workspace: one article's text with the user's mentions, and the htmx
endpoints that change them. Every write names the annotation version it saw (409 if stale)
and answers with the re-rendered annotation partial."""

import json
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import assignment, editing, roles, spans, workspace
from ..models import Annotation, Article, Label, Mention, Quote, QuoteType, Speaker, Status

TEMPLATE = "annotations/workspace.html"


def article_workspace(request, slug, pk):
    """The user's own annotation of an article assigned to them (reviewers and managers may
    annotate any article of the project), created on first visit."""
    project, role = roles.project_for(request.user, slug)
    if not roles.can_write(role):
        raise Http404("No such article")
    if roles.can_see_others(role):
        articles = Article.objects.filter(project=project)
    else:
        articles = assignment.assigned_articles(request.user, project)
    article = get_object_or_404(articles, pk=pk)
    annotation = editing.own_annotation(article, request.user)
    annotation.article = article  # already loaded: spare the page a query
    return _page(request, project, role, annotation)


def gold_workspace(request, slug, pk):
    """The article's gold version, for those who may write it (annotators get 404)."""
    project, role = roles.project_for(request.user, slug)
    if not roles.can_write_gold(role):
        raise Http404("No such article")
    article = get_object_or_404(Article, project=project, pk=pk)
    annotation = editing.gold_annotation(article)
    annotation.article = article
    return _page(request, project, role, annotation)


def next_article(request, slug):
    """Open the next article assigned to the user, or go home when there is none."""
    project, _role = roles.project_for(request.user, slug)
    article = assignment.next_article(request.user, project)
    if article is None:
        messages.info(request, f"Nothing left to annotate in {project.name}. Thank you!")
        return redirect("home")
    return redirect("workspace", slug=project.slug, pk=article.pk)


@require_GET
def annotation_part(request, slug, annotation_id):
    """The annotation partial again, with another quote open in the editor."""
    project, role, annotation = workspace.visible_annotation(request.user, slug, annotation_id)
    active = _int_or_none(request.GET.get("active"))
    can_write = roles.may_write_annotation(request.user, role, annotation)
    return _partial(request, project, annotation, active, can_write=can_write)


def _writes(view):
    """Parse the version, refuse outsiders and readers, turn edit errors into messages."""

    @wraps(view)
    @require_POST
    def wrapper(request, slug, annotation_id, **kwargs):
        project, role, annotation = workspace.visible_annotation(request.user, slug, annotation_id)
        if not roles.may_write_annotation(request.user, role, annotation):
            return _message(request, "You may not change this annotation.", 403)
        try:
            version = _int(request.POST, "version")
            return view(request, project, annotation, version, **kwargs)
        except editing.StaleVersion as error:
            return _message(request, str(error), 409)
        except (editing.EditError, spans.SpanError) as error:
            return _message(request, f"{error.field}: {error}", 400)

    return wrapper


@_writes
def add_mention(request, project, annotation, version):
    quote = _part(Quote, annotation, request.POST.get("quote"))
    mention, quote = workspace.mark_span(
        annotation,
        label=request.POST.get("label", ""),
        start=_int(request.POST, "start"),
        end=_int(request.POST, "end"),
        text=request.POST.get("text"),
        quote=quote,
        actor=request.user,
        expected_version=version,
    )
    return _partial(request, project, annotation, quote.pk if quote else None, changed=version)


@_writes
def delete_mention(request, project, annotation, version, mention_id):
    mention = _part(Mention, annotation, mention_id, required=True)
    editing.delete_mention(annotation, mention, actor=request.user, expected_version=version)
    active = _int_or_none(request.POST.get("active"))
    return _partial(request, project, annotation, active, changed=version)


@_writes
def update_quote(request, project, annotation, version, quote_id):
    quote = _part(Quote, annotation, quote_id, required=True)
    changes = {}
    if "type" in request.POST:
        changes["type"] = request.POST["type"]
    for name, label in (("speaker_mention", Label.SPEAKER), ("cue", Label.CUE)):
        if name in request.POST:
            changes[name] = _part(Mention, annotation, request.POST[name], field=name)
            if changes[name] is not None and changes[name].label != label:
                raise editing.EditError(name, f"needs a {label} mention")
    if "speaker" in request.POST:
        changes["speaker"] = _speaker(project, request.POST["speaker"])
    if not changes and "new_speaker" not in request.POST:
        raise editing.EditError("quote", "nothing to change")
    # A new speaker and the quote's change stand or fall together (say, on a stale version).
    with transaction.atomic():
        if "new_speaker" in request.POST:
            changes["speaker"] = _new_speaker(project, request.POST["new_speaker"])
        editing.update_quote(
            annotation, quote, actor=request.user, expected_version=version, **changes
        )
    return _partial(request, project, annotation, quote.pk, changed=version)


@_writes
def delete_quote(request, project, annotation, version, quote_id):
    quote = _part(Quote, annotation, quote_id, required=True)
    editing.delete_quote(annotation, quote, actor=request.user, expected_version=version)
    return _partial(request, project, annotation, None, changed=version)


@_writes
def undo(request, project, annotation, version):
    """Go back to the contents of an earlier version (the page keeps its own undo stack)."""
    target = _int(request.POST, "to_version")
    workspace.restore_version(annotation, target, actor=request.user, expected_version=version)
    return _partial(request, project, annotation, None)


@_writes
def set_status(request, project, annotation, version):
    """Submit or skip, record the time spent, and open the next article."""
    status = request.POST.get("status", "")
    # Reopening a finished article is the manager's (assignment), not the workspace's.
    if annotation.is_gold or status not in (Status.SUBMITTED, Status.SKIPPED):
        raise editing.EditError("status", "choose submit or skip")
    editing.set_status(
        annotation,
        status,
        actor=request.user,
        expected_version=version,
        skip_reason=request.POST.get("skip_reason", ""),
        time_spent=_seconds(request.POST),
    )
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("next_article", args=[project.slug])
    return response


@require_POST
def add_time(request, slug, annotation_id):
    """Count seconds spent on the article; not a change to the annotation's contents."""
    project, role, annotation = workspace.visible_annotation(request.user, slug, annotation_id)
    if roles.may_write_annotation(request.user, role, annotation):
        editing.add_time(annotation, _seconds(request.POST))
    return HttpResponse(status=204)


SPEAKER_OPTIONS = 10  # the autocomplete's longest list


@require_GET
def speaker_options(request, slug, annotation_id):
    """The autocomplete: project speakers whose name or alias contains the typed text."""
    project, role, annotation = workspace.visible_annotation(request.user, slug, annotation_id)
    query = request.GET.get("q", "")
    try:
        quote = _part(Quote, annotation, request.GET.get("quote"), required=True)
    except editing.EditError as error:
        return _message(request, str(error), 400)
    context = {
        "project": project,
        "annotation": annotation,
        "query": query.strip(),
        "speakers": Speaker.objects.filter(project=project)
        .matching(query.strip())
        .order_by("name")[:SPEAKER_OPTIONS],
        "quote_id": quote.pk,
    }
    return render(request, f"{TEMPLATE}#speaker-options", context)


def _page(request, project, role, annotation: Annotation):
    data = workspace.load(annotation, _int_or_none(request.GET.get("active")))
    context = {
        "project": project,
        "role": role,
        "article": annotation.article,
        "ws": data,
        "quote_types": QuoteType.choices,
        "can_write": roles.may_write_annotation(request.user, role, annotation),
        "guidelines": workspace.guidelines_html(project),
        "meta_items": sorted(annotation.article.meta.items())
        if isinstance(annotation.article.meta, dict)
        else [],
    }
    return render(request, TEMPLATE, context)


def _partial(
    request, project, annotation, active_quote_id, changed: int | None = None, can_write=True
):
    data = workspace.load(annotation, active_quote_id)
    context = {
        "project": project,
        "ws": data,
        "quote_types": QuoteType.choices,
        "can_write": can_write,
    }
    response = render(request, f"{TEMPLATE}#annotation", context)
    if changed is not None:
        # The page's undo stack: the version to go back to if this change is undone.
        response["HX-Trigger"] = json.dumps({"annotationChanged": {"before": changed}})
    return response


def _message(request, text: str, status: int) -> HttpResponse:
    return render(request, f"{TEMPLATE}#message", {"message": text}, status=status)


def _part(model, annotation, value, required: bool = False, field: str | None = None):
    """A mention or quote of this annotation from a posted id; empty means none."""
    name = field or model.__name__.lower()
    if value in (None, ""):
        if required:
            raise editing.EditError(name, f"choose a {name}")
        return None
    try:
        return model.objects.get(pk=int(value), annotation=annotation)
    except (ValueError, model.DoesNotExist) as error:
        raise editing.EditError(
            name, f"this {name} is not part of the annotation (deleted in another tab?)"
        ) from error


def _speaker(project, value):
    if value in (None, ""):
        return None
    try:
        return Speaker.objects.get(pk=int(value), project=project)
    except (ValueError, Speaker.DoesNotExist) as error:
        raise editing.EditError("speaker", "no such speaker in this project") from error


def _new_speaker(project, name: str) -> Speaker:
    """A speaker typed into the autocomplete; reused if the project already has the name."""
    name = " ".join(name.split())
    if not name:
        raise editing.EditError("new_speaker", "type the new speaker's name")
    if len(name) > 255:
        raise editing.EditError("new_speaker", "a speaker's name has at most 255 characters")
    speaker, _ = Speaker.objects.get_or_create(project=project, name=name)
    return speaker


def _int(data, name: str) -> int:
    try:
        return int(data.get(name, ""))
    except ValueError as error:
        raise editing.EditError(name, f"{name} must be a whole number") from error


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _seconds(data) -> int:
    seconds = _int_or_none(data.get("time_spent")) or 0
    return max(0, min(seconds, 3600))
