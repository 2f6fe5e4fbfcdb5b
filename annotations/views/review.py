"""The review screen: submitted versions side by side, aligned quotes, differences marked,
and the moves into gold. Every move sends the gold version the reviewer saw: a stale one is
answered 409 with the page and a message, and changes nothing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import editing, review, roles
from ..models import Annotation, Article, Quote, Status
from .decorators import answers_errors, int_param, project_page

TEMPLATE = "annotations/review.html"


def _error_page(request, message: str, status: int, slug, pk):
    """A refused move: the page again with the message (400, or 409 when gold is stale)."""
    project, article = _reviewable(request, slug, pk)
    return _page(request, project, article, error=message, status=status)


@require_GET
def review_article(request, slug, pk):
    project, article = _reviewable(request, slug, pk)
    return _page(request, project, article)


@require_POST
@answers_errors(_error_page)
def take_version(request, slug, pk):
    project, article = _reviewable(request, slug, pk)
    source = get_object_or_404(
        Annotation,
        article=article,
        status=Status.SUBMITTED,
        pk=int_param(request.POST, "annotation"),
    )

    def move(gold, version):
        review.take_version(gold, source, actor=request.user, expected_version=version)
        return f"Gold is now a copy of {source.annotator}'s version."

    return _gold_write(request, project, article, move)


@require_POST
@answers_errors(_error_page)
def take_quote(request, slug, pk):
    project, article = _reviewable(request, slug, pk)
    quote = get_object_or_404(
        Quote.objects.select_related("content", "speaker_mention", "cue", "speaker"),
        annotation__article=article,
        annotation__status=Status.SUBMITTED,
        pk=int_param(request.POST, "quote"),
    )

    def move(gold, version):
        review.take_quote(gold, quote, actor=request.user, expected_version=version)
        return f"Gold took {quote.annotation.annotator}'s quote at {quote.content.start}."

    return _gold_write(request, project, article, move)


@require_POST
@answers_errors(_error_page)
def accept(request, slug, pk):
    project, article = _reviewable(request, slug, pk)

    def move(gold, version):
        review.accept_gold(gold, actor=request.user, expected_version=version)
        return "Gold accepted: the article is done."

    return _gold_write(request, project, article, move)


def _gold_write(request, project, article, move):
    gold = editing.gold_annotation(article)
    done = move(gold, int_param(request.POST, "version"))
    messages.success(request, done)
    return redirect("review", slug=project.slug, pk=article.pk)


def _page(request, project, article, *, error: str = "", status: int = 200):
    versions = review.versions_for_review(article)
    gold = next((v for v in versions if v.is_gold), None) or editing.gold_annotation(article)
    rows = review.align(versions)
    review.attach_notes(versions, rows)
    review.add_context(rows, Article.objects.values_list("text", flat=True).get(pk=article.pk))
    context = {
        "project": project,
        "article": article,
        "versions": versions,
        "submitted": [v for v in versions if not v.is_gold],
        "rows": rows,
        "gold": gold,
        "error": error,
        "can_manage": roles.can_manage(roles.role_in(request.user, project)),  # notes
    }
    return render(request, TEMPLATE, context, status=status)


def _reviewable(request, slug, pk) -> tuple:
    project, _role = project_page(request, slug, may=roles.can_write_gold)
    return project, get_object_or_404(Article.objects.without_text(), project=project, pk=pk)
