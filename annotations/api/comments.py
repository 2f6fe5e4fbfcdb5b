"""Notes and flags through the API, under an annotation:
`…/annotations/ID/comments/` lists them and adds one, `…/comments/ID/` reads, edits (PATCH, its
author) and deletes (its author, or a manager) one. The rules are `comments`' and `roles`'; a
note changes neither the annotation's version nor its history."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import comments, roles
from ..models import Comment
from . import fields
from .parsers import JSONParser
from .permissions import ProjectScoped, require
from .views import ARTICLE, READ_ERRORS, SLUG, WRITE_ERRORS

ANNOTATION = OpenApiParameter(
    "annotation_pk", int, OpenApiParameter.PATH, description="The annotation's id."
)
COMMENT = OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The note's id.")
ERRORS = {code: answer for code, answer in WRITE_ERRORS.items() if code != 409}


class CommentSerializer(serializers.Serializer):
    """A note as `comments.as_dict` gives it (and the annotations' `comments` list it)."""

    id = serializers.IntegerField()
    flag = serializers.ChoiceField(choices=Comment.Flag.choices)
    text = serializers.CharField(allow_blank=True)
    quote = serializers.IntegerField(allow_null=True, help_text="The quote's id, or null.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True, help_text="Null: never edited.")


class CommentCreateSerializer(serializers.Serializer):
    text = fields.CharField(
        required=False, allow_blank=True, default="", max_length=comments.MAX_TEXT
    )
    flag = serializers.ChoiceField(choices=Comment.Flag.choices, required=False, default="")
    quote = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A quote of this annotation."
    )


class CommentEditSerializer(serializers.Serializer):
    """Absent fields stay as they are."""

    text = fields.CharField(required=False, allow_blank=True, max_length=comments.MAX_TEXT)
    flag = serializers.ChoiceField(choices=Comment.Flag.choices, required=False)


class _Notes(ProjectScoped, APIView):
    parser_classes = [JSONParser]

    def annotation(self, kwargs):
        """The annotation of the path, if the caller sees it; else 404."""
        _project, _role, annotation = roles.annotation_for(
            self.request.user, kwargs["slug"], kwargs["annotation_pk"]
        )
        if annotation.article_id != kwargs["article_pk"]:
            raise Http404("No such annotation")
        return annotation

    def note(self, kwargs) -> Comment:
        annotation = self.annotation(kwargs)
        note = Comment.objects.filter(pk=kwargs["pk"], annotation=annotation).first()
        if note is None:
            raise Http404("No such note")
        note.annotation = annotation
        return note


class CommentListView(_Notes):
    @extend_schema(
        summary="The notes and flags on an annotation",
        parameters=[SLUG, ARTICLE, ANNOTATION],
        responses={200: CommentSerializer(many=True), **READ_ERRORS},
        tags=["comments"],
    )
    def get(self, request, **kwargs):
        return Response([comments.as_dict(c) for c in comments.of(self.annotation(kwargs))])

    @extend_schema(
        summary="Add a note or flag to your annotation (or to the gold version)",
        parameters=[SLUG, ARTICLE, ANNOTATION],
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **ERRORS},
        tags=["comments"],
    )
    def post(self, request, **kwargs):
        annotation = self.annotation(kwargs)
        require(
            roles.may_write_annotation(request.user, self.role, annotation),
            roles.why_read_only(annotation),
        )
        incoming = CommentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        note = comments.add(
            annotation,
            author=request.user,
            text=data["text"],
            flag=data["flag"],
            quote=data["quote"],
        )
        return Response(comments.as_dict(note), status=status.HTTP_201_CREATED)


class CommentDetailView(_Notes):
    @extend_schema(
        summary="A note or flag",
        parameters=[SLUG, ARTICLE, ANNOTATION, COMMENT],
        responses={200: CommentSerializer, **READ_ERRORS},
        tags=["comments"],
    )
    def get(self, request, **kwargs):
        return Response(comments.as_dict(self.note(kwargs)))

    @extend_schema(
        summary="Edit your note (its text and flag) while you may write the annotation",
        parameters=[SLUG, ARTICLE, ANNOTATION, COMMENT],
        request=CommentEditSerializer,
        responses={200: CommentSerializer, **ERRORS},
        tags=["comments"],
    )
    def patch(self, request, **kwargs):
        note = self.note(kwargs)
        require(
            roles.may_edit_comment(request.user, self.role, note),
            "only its author edits a note, while they may write the annotation",
        )
        incoming = CommentEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        comments.edit(note, text=data.get("text", note.text), flag=data.get("flag", note.flag))
        return Response(comments.as_dict(note))

    @extend_schema(
        summary="Delete a note: its author, or a manager",
        parameters=[SLUG, ARTICLE, ANNOTATION, COMMENT],
        request=None,
        responses={204: OpenApiResponse(description="Deleted."), **ERRORS},
        tags=["comments"],
    )
    def delete(self, request, **kwargs):
        note = self.note(kwargs)
        require(
            roles.may_delete_comment(request.user, self.role, note),
            "only its author or a manager deletes a note",
        )
        comments.delete(note)
        return Response(status=status.HTTP_204_NO_CONTENT)
