"""An article's history: every change to the annotations the viewer may see; managers
restore an annotation to the state after any of its events."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import history, roles
from ..models import AnnotationEvent, Article
from .decorators import answers_errors, int_param, project_page


@require_GET
def article_history(request, slug, pk):
    return _page(request, slug, pk)


def _page(request, slug, pk, *, error: str = "", status: int = 200):
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


def _error_page(request, message: str, status: int, slug, pk):
    return _page(request, slug, pk, error=message, status=status)


@require_POST
@answers_errors(_error_page)
def restore(request, slug, pk):
    project, _role = project_page(request, slug, may=roles.can_manage)
    event = get_object_or_404(
        AnnotationEvent.objects.select_related("annotation"),
        annotation__article__project=project,
        annotation__article_id=pk,
        pk=int_param(request.POST, "event"),
    )
    version = int_param(request.POST, "version")
    history.restore(event.annotation, event, actor=request.user, expected_version=version)
    messages.success(request, f"Restored the state of version {event.version}.")
    return redirect("article_history", slug=project.slug, pk=pk)
