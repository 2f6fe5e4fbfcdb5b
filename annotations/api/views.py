"""The API endpoints: thin; they resolve the project and role (`permissions.ProjectScoped`),
call `roles`, `editing`, `exporting` and the models' query methods, and shape the answer."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import assignment, contents, editing, export_params, exporting, roles
from ..models import Annotation, Article, Quote, Speaker, Status
from . import filters, serializers
from .parsers import JSONParser
from .permissions import ProjectScoped, require

NOT_FOUND = OpenApiResponse(
    serializers.ErrorSerializer, "No such project (or you are not a member), or no such object."
)
FORBIDDEN = OpenApiResponse(
    serializers.ErrorSerializer, "Your role in the project does not allow this."
)
BAD_REQUEST = OpenApiResponse(serializers.ErrorSerializer, "A bad field; `field` names it.")
CONFLICT = OpenApiResponse(
    serializers.ConflictSerializer,
    "Stale version: the annotation changed since you read it; nothing was changed.",
)
UNAUTHORIZED = OpenApiResponse(serializers.ErrorSerializer, "No or bad credentials.")
SLUG = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The project's slug."
)
ARTICLE = OpenApiParameter(
    "article_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The article's id."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The version you read, e.g. "3" (instead of `version` in the body).',
)
# “We will not give up,” he said, “and we will win.”: one quote in two fragments.
SPLIT_QUOTE = OpenApiExample(
    "A quote in two fragments",
    value={
        "version": 3,
        "mentions": [
            {"id": 1, "label": "QUOTE", "start": 1, "end": 21, "text": "We will not give up,"},
            {"id": 2, "label": "SPEAKER", "start": 23, "end": 25, "text": "he"},
            {"id": 3, "label": "CUE", "start": 26, "end": 30, "text": "said"},
            {"id": 4, "label": "QUOTE", "start": 33, "end": 49, "text": "and we will win."},
        ],
        "quotes": [
            {"type": "direct", "content": [1, 4], "speaker_mention": 2, "cue": 3, "speaker": None}
        ],
    },
    request_only=True,
    description="The article reads “We will not give up,” he said, “and we will win.”: the "
    "quote's content is its two fragments' mention ids, in text order.",
)
READ_ERRORS = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}
WRITE_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


class ById(CursorPagination):
    """Cursor pagination in id order: stable while rows are added."""

    ordering = "id"


@extend_schema_view(
    list=extend_schema(
        summary="Your projects",
        responses={200: serializers.ProjectSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One of your projects",
        parameters=[SLUG],
        responses={200: serializers.ProjectSerializer, **READ_ERRORS},
    ),
)
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProjectSerializer
    pagination_class = ById
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        # Each project with the caller's role in it, in one query.
        return roles.projects_for(self.request.user).annotate(your_role=F("memberships__role"))


@extend_schema_view(
    list=extend_schema(
        summary="A project's articles (without their text)",
        parameters=[SLUG],
        responses={200: serializers.ArticleSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An article with its text",
        parameters=[SLUG],
        responses={200: serializers.ArticleDetailSerializer, **READ_ERRORS},
    ),
)
class ArticleViewSet(ProjectScoped, viewsets.ReadOnlyModelViewSet):
    pagination_class = ById
    filterset_class = filters.ArticleFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Article.objects.none()
        if self.action == "retrieve":
            return Article.objects.filter(project=self.project)
        return Article.objects.in_project(self.project).without_text()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleSerializer

    def list(self, request, *args, **kwargs):
        # A page is 100 articles: plain rows shaped by the serializer's own date fields cost a
        # fifth of building and serializing 100 model instances.
        fields = serializers.ArticleSerializer.Meta.fields
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*fields))
        dates = {
            name: field.to_representation
            for name, field in serializers.ArticleSerializer().fields.items()
            if name in ("published", "created_at")
        }
        for row in page:
            for name, shown in dates.items():
                row[name] = None if row[name] is None else shown(row[name])
        return self.get_paginated_response(page)


@extend_schema_view(
    list=extend_schema(
        summary="A project's speakers",
        parameters=[SLUG],
        responses={200: serializers.SpeakerSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="A speaker",
        parameters=[SLUG],
        responses={200: serializers.SpeakerSerializer, **READ_ERRORS},
    ),
)
class SpeakerViewSet(ProjectScoped, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SpeakerSerializer
    pagination_class = ById
    filterset_class = filters.SpeakerFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Speaker.objects.none()
        return Speaker.objects.filter(project=self.project)


@extend_schema_view(
    list=extend_schema(
        summary="Quotes across a project, flat and read-only",
        parameters=[SLUG],
        responses={200: serializers.QuoteRowSerializer(many=True), **READ_ERRORS},
    ),
)
class QuoteListView(ProjectScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.QuoteRowSerializer
    pagination_class = ById
    filterset_class = filters.QuoteFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Quote.objects.none()
        visible = roles.visible_annotations(
            self.request.user, self.role, Annotation.objects.filter(article__project=self.project)
        )
        return (
            Quote.objects.filter(annotation__in=visible)
            .select_related("annotation__article", "content", "speaker_mention", "cue", "speaker")
            .prefetch_related("later_fragments")
        )


@extend_schema_view(
    list=extend_schema(
        summary="The annotations of an article you may see",
        parameters=[SLUG, ARTICLE],
        responses={200: serializers.AnnotationSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="An annotation with its mentions and quotes",
        parameters=[SLUG, ARTICLE],
        responses={200: serializers.AnnotationSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Create your annotation of the article (or its gold version)",
        parameters=[SLUG, ARTICLE],
        request=serializers.AnnotationCreateSerializer,
        responses={201: serializers.AnnotationSerializer, **WRITE_ERRORS},
        examples=[SPLIT_QUOTE],
    ),
    update=extend_schema(
        summary="Replace an annotation's mentions and quotes, and/or change its status",
        parameters=[SLUG, ARTICLE, IF_MATCH],
        request=serializers.AnnotationWriteSerializer,
        responses={200: serializers.AnnotationSerializer, **WRITE_ERRORS},
        examples=[SPLIT_QUOTE],
    ),
    partial_update=extend_schema(
        summary="Change part of an annotation (absent mentions or quotes stay as they are)",
        parameters=[SLUG, ARTICLE, IF_MATCH],
        request=serializers.AnnotationWriteSerializer,
        responses={200: serializers.AnnotationSerializer, **WRITE_ERRORS},
    ),
)
class AnnotationViewSet(
    ProjectScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = serializers.AnnotationSerializer
    pagination_class = ById
    filter_backends = []
    # JSON only: nested mentions and quotes do not survive form encodings.
    parser_classes = [JSONParser]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Reading one annotation needs no query of its own for the article: the annotation's
        # query joins it (and a missing article is looked for only on the way to a 404).
        if self.action != "retrieve":
            self.article = self._article()

    def _article(self) -> Article:
        # A new annotation's spans are checked against the text: read it with the article.
        articles = (
            Article.objects if self.request.method == "POST" else Article.objects.without_text()
        )
        return get_object_or_404(articles, project=self.project, pk=self.kwargs["article_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Annotation.objects.none()
        # Mentions and quotes come as plain rows (`contents.snapshots`), not prefetched models.
        annotations = (
            Annotation.objects.filter(
                article_id=self.kwargs["article_pk"], article__project=self.project
            )
            .select_related("article", "annotator")
            .prefetch_related("comments")
        )
        return roles.visible_annotations(self.request.user, self.role, annotations)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            self._article()  # a missing article answers as before: "No Article matches …"
            raise

    def get_serializer(self, *args, **kwargs):
        if args and "context" not in kwargs:
            instances = args[0] if kwargs.get("many") else [args[0]]
            # One query for the mentions and quotes of all the annotations shown.
            found = contents.snapshots([a.pk for a in instances])
            kwargs["context"] = self._context(instances, found)
        return super().get_serializer(*args, **kwargs)

    def _context(self, instances, found: dict) -> dict:
        """The serializer's context: the annotations' contents by id, their annotators."""
        context = self.get_serializer_context()
        context["contents"] = found
        if roles.sees_usernames(self.role):
            # The annotators came with the annotations (select_related).
            names = {a.annotator_id: a.annotator.username for a in instances if a.annotator_id}
            context["annotator_name"] = names.get
        return context

    def create(self, request, *args, **kwargs):
        incoming = serializers.AnnotationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if data["gold"]:
            require(
                roles.can_write_gold(self.role),
                "only reviewers and managers write the gold version",
            )
            annotator, initial = None, Status.GOLD
        else:
            require(roles.can_write(self.role), "viewers do not annotate")
            # Annotators write only the articles handed to them (the project's overlap);
            # those already hold an annotation, so for them this answers 409 below.
            require(
                roles.can_see_others(self.role)
                or assignment.assigned_articles(request.user, self.project)
                .filter(pk=self.article.pk)
                .exists(),
                "this article is not assigned to you: take the next one from your queue",
            )
            annotator, initial = request.user, Status.IN_PROGRESS
        # One INSERT decides: the unique constraints (one annotation per article and
        # annotator, one gold per article) let exactly one of simultaneous creates through.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    annotation = Annotation.objects.create(
                        article=self.article,
                        annotator=annotator,
                        status=initial,
                        started_at=None if annotator is None else timezone.now(),
                    )
            except IntegrityError:
                return self._already_exists(annotator)
            _save(annotation, data, request, self.role, partial=True, version=annotation.version)
        return Response(self._answer(annotation, data), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        annotation = self.get_object()
        require(
            roles.may_write_annotation(request.user, self.role, annotation),
            roles.why_read_only(annotation)
            if annotation.status in roles.FINISHED
            else "you may read this annotation but not change it",
        )
        body = request.data
        if isinstance(body, dict) and "version" not in body and _if_match(request) is not None:
            body = {**body, "version": _if_match(request)}  # If-Match stands for `version`
        incoming = serializers.AnnotationWriteSerializer(data=body)
        if not incoming.is_valid() and "version" in incoming.errors and "version" not in body:
            raise ValidationError(
                {
                    "detail": "send the version you read: `version` in the body or If-Match",
                    "field": "version",
                }
            )
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        version = data["version"]
        partial = kwargs.get("partial", False)
        _save(annotation, data, request, self.role, partial=partial, version=version)
        return Response(self._answer(annotation, data))

    def _already_exists(self, annotator) -> Response:
        existing = Annotation.objects.get(article=self.article, annotator=annotator)
        return Response(
            {
                "detail": f"this annotation already exists (id {existing.pk}, version "
                f"{existing.version}): PUT or PATCH it",
                "current_version": existing.version,
            },
            status=status.HTTP_409_CONFLICT,
        )

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _answer(self, annotation: Annotation, data: dict) -> dict:
        """The annotation after a write. A write of contents alone left the instance as
        stored and built the contents it wrote: nothing to read back."""
        written = getattr(annotation, "saved_contents", None)
        if written is None or data.get("status") is not None or data.get("time_spent"):
            return self._read(annotation)
        context = self._context([annotation], {annotation.pk: written})
        return self.get_serializer(annotation, context=context).data

    def _read(self, annotation: Annotation) -> dict:
        fresh = self.get_queryset().get(pk=annotation.pk)
        return self.get_serializer(fresh).data


def _save(annotation: Annotation, data: dict, request, role, *, partial: bool, version: int):
    """The request's data as one `editing.save_annotation`: the contents if sent (or on PUT,
    where absent lists mean empty), the status if sent, the time spent."""
    wanted = None
    if not partial or "mentions" in data or "quotes" in data:
        # On PATCH an absent list stays as stored (None); on PUT it is empty.
        absent = None if partial else []
        wanted = {
            "mentions": data.get("mentions", absent),
            "quotes": data.get("quotes", absent),
        }
    editing.save_annotation(
        annotation,
        contents=wanted,
        status=data.get("status"),
        skip_reason=data.get("skip_reason", ""),
        time_spent=data.get("time_spent") or 0,
        actor=request.user,
        role=role,
        expected_version=version,
    )


def _if_match(request) -> int | None:
    """The version in an If-Match header: `3`, `"3"` or `W/"3"`."""
    match = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', request.headers.get("If-Match", ""))
    return int(match.group(1)) if match else None


def _check_export_params(params) -> None:
    """400 naming the parameter for an empty one (the API documents none as optional-empty);
    the values themselves are checked by `export_params`, as on every export route."""
    for name in export_params.NAMES:
        if name in params and params.get(name) == "" and name != "source":
            raise ValidationError(
                {"detail": f"{name}: give a value, or leave the parameter out", "field": name}
            )


class AnyMediaRenderer(JSONRenderer):
    """Lets a client that asks for text/csv (or anything) reach the export; errors are JSON."""

    media_type = "*/*"
    format = "file"


class ExportView(ProjectScoped, APIView):
    """A project's dataset as a file, streamed."""

    renderer_classes = [JSONRenderer, AnyMediaRenderer]

    @extend_schema(
        summary="Export the project's dataset",
        description=(
            "fmt: csv, json, jsonl, parquet, brat (a zip of .txt/.ann), labelstudio (JSON tasks). "
            "The file streams; its name names the project, the status and the date."
        ),
        parameters=[
            SLUG,
            OpenApiParameter(
                "fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(exporting.EXPORT_FORMATS)
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(exporting.EXPORT_STATUSES),
                description="gold, submitted, all (gold, submitted, in progress), or the default: "
                "gold plus the submitted versions of articles without gold.",
            ),
            OpenApiParameter(
                "source", OpenApiTypes.STR, description="Only articles from this outlet."
            ),
            OpenApiParameter("published_after", OpenApiTypes.DATE),
            OpenApiParameter("published_before", OpenApiTypes.DATE),
            OpenApiParameter(
                "raw",
                OpenApiTypes.STR,
                enum=["0", "1"],
                description="CSV only: 1 keeps cells that start with = + - @, a tab or a carriage "
                "return as they are (for programs). By default such cells get a leading ' so "
                "that a spreadsheet shows them as text instead of running them.",
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                {"type": "array", "items": {"type": "object"}},
                "json: one object per article; labelstudio: Label Studio's tasks.",
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, "csv: one row per quote."),
            (200, "application/jsonl"): OpenApiResponse(
                OpenApiTypes.STR, "jsonl: one JSON object per line and article."
            ),
            (200, "application/vnd.apache.parquet"): OpenApiResponse(
                OpenApiTypes.BINARY, "parquet: one row per quote."
            ),
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, "brat: a zip of .txt/.ann pairs."
            ),
            400: BAD_REQUEST,
            **READ_ERRORS,
        },
    )
    def get(self, request, slug: str, fmt: str):
        require(roles.can_export(self.role), "annotators do not export")
        _check_export_params(request.query_params)
        export_format = exporting.export_format(fmt)
        selection = export_params.read(request.query_params)
        annotations = selection.annotations(self.project, user=request.user, role=self.role)
        response = StreamingHttpResponse(
            exporting.stream_export(self.project, annotations, fmt, raw=selection.raw),
            content_type=export_format.content_type,
        )
        filename = exporting.export_filename(
            self.project, selection.status, export_format.extension
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
