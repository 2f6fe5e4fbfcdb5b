"""An article's history: every change to the annotations the viewer may see; managers
restore an annotation to the state after any of its events."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import editing, history, roles, spans
from ..models import AnnotationEvent, Article


def article_history(request, slug, pk, *, error: str = "", status: int = 200):
    project, role = roles.project_for(request.user, slug)
    article = get_object_or_404(Article.objects.without_text(), project=project, pk=pk)
    events = history.article_history(article, request.user, role)
    if not events.exists() and not roles.can_see_others(role):
        raise Http404("No such article")
    context = {
        "project": project,
        "article": article,
        "events": [(event, history.describe(event)) for event in events[:500]],
        "can_restore": roles.can_manage(role),
        "error": error,
    }
    return render(request, "annotations/history.html", context, status=status)


@require_POST
def restore(request, slug, pk):
    project, role = roles.project_for(request.user, slug)
    if not roles.can_manage(role):
        raise Http404("No such page")
    event = get_object_or_404(
        AnnotationEvent.objects.select_related("annotation"),
        annotation__article__project=project,
        annotation__article_id=pk,
        pk=request.POST.get("event") or 0,
    )
    try:
        version = int(request.POST.get("version", ""))
        history.restore(event.annotation, event, actor=request.user, expected_version=version)
    except ValueError as error:
        if isinstance(error, (editing.EditError, spans.SpanError)):
            message = f"{error.field}: {error}"
        else:
            message = "version: missing or not a number"
        return article_history(request, slug, pk, error=message, status=400)
    except editing.StaleVersion as error:
        return article_history(request, slug, pk, error=str(error), status=409)
    messages.success(request, f"Restored the state of version {event.version}.")
    return redirect("article_history", slug=project.slug, pk=pk)
