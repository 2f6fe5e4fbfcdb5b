"""The workspace's notes: comments and "unsure" flags on the article or the open quote; their
authors edit and delete their own, managers delete any (`roles.may_edit_comment`,
`roles.may_delete_comment`), here and, with a plain form, on the review page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import comments, roles
from ..models import Comment
from .decorators import annotation_write, answers_errors, message, optional_int

TEMPLATE = "annotations/workspace.html#notes"
EDITOR = "annotations/workspace.html#note-editor"


@require_GET
def notes(request, slug, annotation_id):
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    return _notes(request, project, role, annotation)


@annotation_write
def add_note(request, project, role, annotation):
    quote = optional_int(request.POST.get("active_quote")) if request.POST.get("on_quote") else None
    comments.add(
        annotation,
        author=request.user,
        text=request.POST.get("text", ""),
        flag=_flag(request),
        quote=quote,
    )
    return _notes(request, project, role, annotation)


@require_http_methods(["GET", "POST"])
@answers_errors(message)
def edit_note(request, slug, annotation_id, comment_id):
    """GET: the note's editor in place of the note; POST: save it, answer the panel."""
    project, role, annotation, note = _note(request, slug, annotation_id, comment_id)
    if not roles.may_edit_comment(request.user, role, note):
        return message(request, "Only its author edits a note, while the version is open.", 403)
    if request.method == "GET":
        return render(request, EDITOR, {"project": project, "annotation": annotation, "note": note})
    comments.edit(note, text=request.POST.get("text", ""), flag=_flag(request))
    return _notes(request, project, role, annotation)


@require_POST
def delete_note(request, slug, annotation_id, comment_id):
    project, role, annotation, note = _note(request, slug, annotation_id, comment_id)
    if not roles.may_delete_comment(request.user, role, note):
        return message(request, "Only its author or a manager deletes a note.", 403)
    comments.delete(note)
    if not request.headers.get("HX-Request"):  # the review page's plain form
        messages.success(request, "The note was deleted.")
        return redirect("review", slug=project.slug, pk=annotation.article_id)
    return _notes(request, project, role, annotation)


def _note(request, slug, annotation_id, comment_id):
    """The project, role, annotation and one of its notes; Http404 where the user does not
    see them."""
    project, role, annotation = roles.annotation_for(request.user, slug, annotation_id)
    note = Comment.objects.filter(pk=comment_id, annotation=annotation).first()
    if note is None:
        raise Http404("No such note")
    note.annotation = annotation
    return project, role, annotation, note


def _flag(request) -> str:
    return Comment.Flag.UNSURE if request.POST.get("unsure") else Comment.Flag.NONE


def _notes(request, project, role, annotation):
    notes = list(comments.of(annotation))
    for note in notes:
        note.annotation = annotation
        note.may_edit = roles.may_edit_comment(request.user, role, note)
        note.may_delete = roles.may_delete_comment(request.user, role, note)
    context = {
        "project": project,
        "annotation": annotation,
        "notes": notes,
        "can_write": roles.may_write_annotation(request.user, role, annotation),
    }
    return render(request, TEMPLATE, context)
