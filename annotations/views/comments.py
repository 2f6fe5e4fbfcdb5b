"""The workspace's notes: comments and "unsure" flags on the article or the open quote."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import comments, roles
from ..models import Comment, Quote
from .decorators import annotation_write, optional_int

TEMPLATE = "annotations/workspace.html#notes"


@require_GET
def notes(request, slug, annotation_id):
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    can_write = roles.may_write_annotation(request.user, role, annotation)
    return _notes(request, project, annotation, can_write)


@annotation_write
def add_note(request, project, role, annotation):
    quote = None
    quote_id = optional_int(request.POST.get("active_quote"))
    if request.POST.get("on_quote") and quote_id is not None:
        quote = Quote.objects.filter(pk=quote_id, annotation=annotation).first()
    flag = Comment.Flag.UNSURE if request.POST.get("unsure") else Comment.Flag.NONE
    comments.add(
        annotation, author=request.user, text=request.POST.get("text", ""), flag=flag, quote=quote
    )
    return _notes(request, project, annotation, True)


def _notes(request, project, annotation, can_write):
    context = {
        "project": project,
        "annotation": annotation,
        "notes": comments.of(annotation),
        "can_write": can_write,
    }
    return render(request, TEMPLATE, context)
