"""Comments and flags on the text: an annotator notes a doubt ("unsure") on their version of
an article or on one of its quotes; reviewers see them on the review page and find flagged
articles on the project page; the API and the JSONL export carry them."""

from django.db.models import QuerySet

from .errors import FieldError
from .models import Annotation, Article, Comment, Project, Quote

MAX_TEXT = 2000


def add(
    annotation: Annotation, *, author, text: str, flag: str = "", quote: Quote | None = None
) -> Comment:
    """A comment or flag on the annotation's article, or on one of its quotes."""
    text = text.strip()
    if flag not in Comment.Flag.values:
        raise FieldError("flag", f"unknown flag {flag!r}")
    if not text and not flag:
        raise FieldError("text", "write a note or flag it as unsure")
    if len(text) > MAX_TEXT:
        raise FieldError("text", f"a note has at most {MAX_TEXT} characters")
    if quote is not None and quote.annotation_id != annotation.pk:
        raise FieldError("quote", "this quote is not part of the annotation")
    return Comment.objects.create(
        annotation=annotation, quote=quote, author=author, text=text, flag=flag
    )


def of(annotation: Annotation) -> QuerySet[Comment]:
    return annotation.comments.select_related("author", "quote__content")


def flagged_articles(project: Project, flag: str = Comment.Flag.UNSURE) -> QuerySet[Article]:
    """The project's articles with at least one version flagged `flag`."""
    return Article.objects.filter(project=project, annotations__comments__flag=flag).distinct()


def as_dict(comment: Comment) -> dict:
    """A comment as the API and the JSONL export write it."""
    return {
        "id": comment.pk,
        "flag": comment.flag,
        "text": comment.text,
        "quote": comment.quote_id,
        "created_at": comment.created_at.isoformat(),
    }
