"""The annotation workspace: one article's text with the user's mentions, and the htmx
endpoints that change them. Every write names the annotation version it saw (409 if stale)
and answers with only the parts of the page it changed, out of band."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import assignment, editing, queue, roles, workspace
from .. import undo as history
from ..models import Annotation, Article, Mention, Quote, QuoteType, Speaker
from ..segments import paragraphs_html
from .decorators import (
    annotation_write,
    answers_errors,
    int_param,
    message,
    optional_int,
    project_page,
)

TEMPLATE = "annotations/workspace.html"


@require_GET
def article_workspace(request, slug, pk):
    """The user's own annotation of an article assigned to them (reviewers and managers may
    annotate any article of the project), created on first visit."""
    project, role = project_page(request, slug, may=roles.can_write)
    if roles.can_see_others(role):
        articles = Article.objects.filter(project=project)
    else:
        articles = assignment.assigned_articles(request.user, project)
    article = get_object_or_404(articles, pk=pk)
    annotation = editing.own_annotation(article, request.user)
    annotation.article = article  # already loaded: spare the page a query
    return _page(request, project, role, annotation)


@require_GET
def gold_workspace(request, slug, pk):
    """The article's gold version, for those who may write it (other members get 403)."""
    project, role = project_page(request, slug, may=roles.can_write_gold)
    article = get_object_or_404(Article, project=project, pk=pk)
    annotation = editing.gold_annotation(article)
    annotation.article = article
    return _page(request, project, role, annotation)


@require_http_methods(["GET", "POST"])
def next_article(request, slug):
    """Open the next article assigned to the user, or go home when there is none.

    Handing out a new article writes (an assignment), so only a POST does it; a GET opens an
    article the user already holds, else shows the button that POSTs."""
    project, _role = roles.project_for(request.user, slug)
    if request.method == "POST":
        article = assignment.next_article(request.user, project)
    else:
        article = assignment.held_article(request.user, project)
        if article is None and roles.can_write(_role):
            return render(request, "annotations/next_article.html", {"project": project})
    if article is None:
        messages.info(request, f"Nothing left to annotate in {project.name}. Thank you!")
        return redirect("home")
    return redirect("workspace", slug=project.slug, pk=article.pk)


@require_GET
def annotation_part(request, slug, annotation_id):
    """The annotation partial again, with another quote open in the editor."""
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    active = optional_int(request.GET.get("active"))
    can_write = roles.may_write_annotation(request.user, role, annotation)
    return _partial(request, project, annotation, active, can_write=can_write)


@annotation_write
def add_mention(request, project, role, annotation):
    version = int_param(request.POST, "version")
    quote = _part(Quote, annotation, request.POST.get("quote"))
    before = _shown(request, annotation)
    mention, quote = editing.mark_span(
        annotation,
        label=request.POST.get("label", ""),
        start=int_param(request.POST, "start"),
        end=int_param(request.POST, "end"),
        text=request.POST.get("text"),
        quote=quote,
        actor=request.user,
        expected_version=version,
        fragment=request.POST.get("fragment") == "1",
    )
    return _changes(request, project, annotation, quote.pk if quote else None, version, before)


@annotation_write
def delete_mention(request, project, role, annotation, mention_id):
    version = int_param(request.POST, "version")
    mention = _part(Mention, annotation, mention_id, required=True)
    before = _shown(request, annotation)
    editing.delete_mention(annotation, mention, actor=request.user, expected_version=version)
    active = optional_int(request.POST.get("active"))
    return _changes(request, project, annotation, active, version, before)


@annotation_write
def update_quote(request, project, role, annotation, quote_id):
    version = int_param(request.POST, "version")
    quote = _part(Quote, annotation, quote_id, required=True)
    changes = {}
    if "type" in request.POST:
        changes["type"] = request.POST["type"]
    for name in ("speaker_mention", "cue"):
        if name in request.POST:
            changes[name] = _part(Mention, annotation, request.POST[name], field=name)
    if "speaker" in request.POST:
        changes["speaker"] = _speaker(project, request.POST["speaker"])
    before = _shown(request, annotation)
    editing.update_quote(
        annotation,
        quote,
        actor=request.user,
        expected_version=version,
        new_speaker_name=request.POST.get("new_speaker"),
        **changes,
    )
    return _changes(request, project, annotation, quote.pk, version, before)


@annotation_write
def delete_quote(request, project, role, annotation, quote_id):
    version = int_param(request.POST, "version")
    quote = _part(Quote, annotation, quote_id, required=True)
    before = _shown(request, annotation)
    editing.delete_quote(annotation, quote, actor=request.user, expected_version=version)
    return _changes(request, project, annotation, None, version, before)


@annotation_write
def undo(request, project, role, annotation):
    """Go back one step of the annotation's history (kept on the server: reloads keep it)."""
    version = int_param(request.POST, "version")
    before = _shown(request, annotation)
    history.undo(annotation, actor=request.user, expected_version=version)
    return _changes(request, project, annotation, None, version, before)


@annotation_write
def redo(request, project, role, annotation):
    """Do again the step undone last."""
    version = int_param(request.POST, "version")
    before = _shown(request, annotation)
    history.redo(annotation, actor=request.user, expected_version=version)
    return _changes(request, project, annotation, None, version, before)


@annotation_write
def set_status(request, project, role, annotation):
    """Submit or skip (the status table says who may do what), record the time spent, and
    open the next article."""
    editing.set_status(
        annotation,
        request.POST.get("status", ""),
        actor=request.user,
        role=role,
        expected_version=int_param(request.POST, "version"),
        skip_reason=request.POST.get("skip_reason", ""),
        time_spent=_seconds(request.POST),
    )
    # Hand out the next article now (this is a POST), so the redirect's GET only opens it.
    assignment.next_article(request.user, project)
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse("next_article", args=[project.slug])
    return response


@require_POST
def add_time(request, slug, annotation_id):
    """Count seconds spent on the article; not a change to the annotation's contents."""
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    if roles.may_write_annotation(request.user, role, annotation):
        editing.add_time(annotation, _seconds(request.POST))
    return HttpResponse(status=204)


SPEAKER_OPTIONS = 10  # the autocomplete's longest list


@require_GET
@answers_errors(message)
def speaker_options(request, slug, annotation_id):
    """The autocomplete: project speakers whose name or alias contains the typed text."""
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    query = request.GET.get("q", "")
    quote = _part(Quote, annotation, request.GET.get("quote"), required=True)
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
    data = workspace.load(annotation, optional_int(request.GET.get("active")))
    can_write = roles.may_write_annotation(request.user, role, annotation)
    context = {
        "project": project,
        "role": role,
        "article": annotation.article,
        "ws": data,
        "quote_types": QuoteType.choices,
        "can_write": can_write,
        "guidelines": workspace.guidelines_html(project),
        "position": queue.position(annotation),
        "finished": annotation.status in roles.FINISHED and not can_write,
        "read_only": "" if can_write else roles.why_read_only(annotation),
        "meta_items": sorted(annotation.article.meta.items())
        if isinstance(annotation.article.meta, dict)
        else [],
    }
    return render(request, TEMPLATE, context)


def _shown(request, annotation) -> workspace.Shape | None:
    """What the page shows before a change (it posts its open quote as `active_quote`), read
    before the change is written; None when the page did not say (everything is sent)."""
    if "active_quote" not in request.POST:
        return None
    return workspace.shape(annotation, optional_int(request.POST["active_quote"]))


def _changes(request, project, annotation, active_quote_id, changed: int, before=None):
    """Only what a change touched, as out-of-band swaps (`changes` in the template): the
    paragraphs of the text and the quotes' rows that differ from what the page showed
    (`before`, a `workspace.Shape` of the version the page posted: the write checked it is
    the current one), the editor, the status line. The rest of the page stays as it is.

    Without `before`, the whole text and every row."""
    data = workspace.load(annotation, active_quote_id, text=before is None)
    paragraphs, rows = None, None
    if before is not None:
        spans, rows = before.changes(data.shape)
        paragraphs = paragraphs_html(data.paragraphs_over(spans), oob=True)
    context = {
        "project": project,
        "ws": data,
        "quote_types": QuoteType.choices,
        "can_write": True,
        "oob": True,
        "paragraphs": paragraphs,
        "all_rows": rows is None,
        "touched_rows": data.rows([q for q in data.quotes if q.id in set(rows or ())], oob=True),
    }
    history.mark_step(annotation, before=changed)  # one change, one undo
    response = render(request, f"{TEMPLATE}#changes", context)
    response["HX-Reswap"] = "none"
    response["HX-Trigger"] = json.dumps(
        {"annotationChanged": {"before": changed}, "suggestionsStale": {}}
    )
    return response


def _partial(request, project, annotation, active_quote_id, can_write=True):
    """The whole annotation partial (text, panel), with `active_quote_id` open."""
    data = workspace.load(annotation, active_quote_id)
    context = {
        "project": project,
        "ws": data,
        "quote_types": QuoteType.choices,
        "can_write": can_write,
    }
    return render(request, f"{TEMPLATE}#annotation", context)


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


def _seconds(data) -> int:
    seconds = optional_int(data.get("time_spent")) or 0
    return max(0, min(seconds, 3600))
