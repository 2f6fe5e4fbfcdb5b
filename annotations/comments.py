"""Comments and flags on the text: an annotator notes a doubt ("unsure") on their version of
an article or on one of its quotes; reviewers see them on the review page and find flagged
articles on the project page; the API and the JSONL export carry them.

A note is about the annotation, not part of it: adding, editing or deleting one neither raises
the annotation's version nor records a history event. Its author edits or deletes it while
they may still write the annotation; a manager deletes any (`roles.may_edit_comment`,
`roles.may_delete_comment`). An edited note keeps its creation time and records `edited_at`.
"""

from django.db.models import QuerySet
from django.utils import timezone

from .errors import FieldError
from .models import Annotation, Article, Comment, Project, Quote

MAX_TEXT = 2000


def add(
    annotation: Annotation, *, author, text: str, flag: str = "", quote: Quote | int | None = None
) -> Comment:
    """A comment or flag on the annotation's article, or on one of its quotes (a quote or its
    id, as the pages and the API send it); FieldError naming `quote` for another's quote."""
    text = _checked(text, flag)
    if isinstance(quote, int):
        quote = Quote.objects.filter(pk=quote, annotation=annotation).first()
        if quote is None:
            raise FieldError("quote", "this quote is not part of the annotation")
    if quote is not None and quote.annotation_id != annotation.pk:
        raise FieldError("quote", "this quote is not part of the annotation")
    return Comment.objects.create(
        annotation=annotation, quote=quote, author=author, text=text, flag=flag
    )


def edit(comment: Comment, *, text: str, flag: str) -> Comment:
    """The note's new text and flag (what it is about stays); the callers check who may.
    Nothing changes, not even `edited_at`, when both are as they were."""
    text = _checked(text, flag)
    if (text, flag) == (comment.text, comment.flag):
        return comment
    comment.text, comment.flag = text, flag
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "flag", "edited_at"])
    return comment


def delete(comment: Comment) -> None:
    """The note is gone, from the pages, the API and the exports; the callers check who may."""
    comment.delete()


def _checked(text: str, flag: str) -> str:
    """The note's text, stripped; FieldError naming `flag` or `text` if it cannot be kept."""
    text = text.strip()
    if flag not in Comment.Flag.values:
        raise FieldError("flag", f"unknown flag {flag!r}")
    if not text and not flag:
        raise FieldError("text", "write a note or flag it as unsure")
    if len(text) > MAX_TEXT:
        raise FieldError("text", f"a note has at most {MAX_TEXT} characters")
    return text


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
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
    }
