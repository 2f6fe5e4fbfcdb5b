"""The API endpoints: thin; they resolve the project and role (`permissions.ProjectScoped`),
call `roles`, `editing`, `exporting` and the models' query methods, and shape the answer."""

import re

from django.db import transaction
from django.db.models import F
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
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

from .. import contents, editing, exporting, roles
from ..models import Annotation, Article, Quote, Speaker
from . import filters, serializers
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
        articles = Article.objects.filter(project=self.project)
        return articles if self.action == "retrieve" else articles.without_text()

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
        return Quote.objects.filter(annotation__in=visible).select_related(
            "annotation__article", "content", "speaker_mention", "cue", "speaker"
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
    ),
    update=extend_schema(
        summary="Replace an annotation's mentions and quotes, and/or change its status",
        parameters=[SLUG, ARTICLE, IF_MATCH],
        request=serializers.AnnotationWriteSerializer,
        responses={200: serializers.AnnotationSerializer, **WRITE_ERRORS},
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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.article = get_object_or_404(
            Article.objects.without_text(), project=self.project, pk=kwargs["article_pk"]
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Annotation.objects.none()
        # Mentions and quotes come as plain rows (`contents.snapshots`), not prefetched models.
        annotations = Annotation.objects.filter(article=self.article).select_related(
            "article", "annotator"
        )
        return roles.visible_annotations(self.request.user, self.role, annotations)

    def get_serializer(self, *args, **kwargs):
        if args and "context" not in kwargs:
            instances = args[0] if kwargs.get("many") else [args[0]]
            context = self.get_serializer_context()
            # One query for the mentions and quotes of all the annotations shown.
            context["contents"] = contents.current_snapshots(instances)
            if roles.sees_usernames(self.role):
                # The annotators came with the annotations (select_related).
                names = {a.annotator_id: a.annotator.username for a in instances if a.annotator_id}
                context["annotator_name"] = names.get
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)

    def create(self, request, *args, **kwargs):
        incoming = serializers.AnnotationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if data["gold"]:
            require(
                roles.can_write_gold(self.role),
                "only reviewers and managers write the gold version",
            )
            existing = Annotation.objects.filter(article=self.article, annotator=None).first()
        else:
            require(roles.can_write(self.role), "viewers do not annotate")
            existing = Annotation.objects.filter(
                article=self.article, annotator=request.user
            ).first()
        if existing:
            return Response(
                {
                    "detail": f"this annotation already exists (id {existing.pk}): PUT or PATCH it",
                    "field": "gold",
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        with transaction.atomic():
            if data["gold"]:
                annotation = editing.gold_annotation(self.article)
            else:
                annotation = editing.own_annotation(self.article, request.user)
            _apply(annotation, data, request, partial=True, expected_version=annotation.version)
        return Response(self._read(annotation), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        annotation = self.get_object()
        require(
            roles.may_write_annotation(request.user, self.role, annotation),
            "you may read this annotation but not change it",
        )
        incoming = serializers.AnnotationWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        version = data.get("version") or _if_match(request)
        if version is None:
            raise ValidationError(
                {
                    "detail": "send the version you read: `version` in the body or If-Match",
                    "field": "version",
                }
            )
        partial = kwargs.get("partial", False)
        try:
            with transaction.atomic():
                _apply(annotation, data, request, partial=partial, expected_version=version)
        except editing.StaleVersion as stale:
            return Response(
                {"detail": str(stale), "current_version": stale.current},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(self._read(annotation))

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _read(self, annotation: Annotation) -> dict:
        fresh = self.get_queryset().get(pk=annotation.pk)
        return self.get_serializer(fresh).data


def _apply(
    annotation: Annotation, data: dict, request, *, partial: bool, expected_version: int
) -> None:
    """Replace the contents (if sent, or on PUT) and change the status (if sent); every step
    checks the version; EditError becomes 400 naming the field. The caller holds the transaction."""
    version = expected_version
    try:
        if not partial or "mentions" in data or "quotes" in data:
            both = not partial or ("mentions" in data and "quotes" in data)
            current = {"mentions": [], "quotes": []} if both else editing.snapshot(annotation)
            contents = {
                "mentions": data.get("mentions", current["mentions"]),
                "quotes": data.get("quotes", current["quotes"]),
            }
            editing.replace_contents(
                annotation,
                contents,
                actor=request.user,
                expected_version=version,
                action="api_replaced",
            )
            version = annotation.version
        if "status" in data and data["status"] != annotation.status:
            editing.set_status(
                annotation,
                data["status"],
                actor=request.user,
                expected_version=version,
                skip_reason=data.get("skip_reason", ""),
            )
            version = annotation.version
    except editing.EditError as error:
        # Also under the top-level field's name, as DRF reports a serializer's field errors.
        top = re.match(r"\w+", error.field).group()
        body = {"detail": str(error), "field": error.field, top: [str(error)]}
        raise ValidationError(body) from error
    if version == expected_version:
        # Nothing was changed: the caller's version must still be the current one.
        stored = Annotation.objects.values_list("version", flat=True).get(pk=annotation.pk)
        if stored != expected_version:
            raise editing.StaleVersion(expected=expected_version, current=stored)
    if data.get("time_spent"):
        editing.add_time(annotation, data["time_spent"])


def _if_match(request) -> int | None:
    """The version in an If-Match header: `3`, `"3"` or `W/"3"`."""
    match = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', request.headers.get("If-Match", ""))
    return int(match.group(1)) if match else None


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
        ],
        responses={
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, "The export file."),
            400: BAD_REQUEST,
            **READ_ERRORS,
        },
    )
    def get(self, request, slug: str, fmt: str):
        require(roles.can_export(self.role), "annotators do not export")
        try:
            export_format = exporting.export_format(fmt)
            annotations = exporting.selection_from_params(
                request.query_params, self.project, user=request.user, role=self.role
            )
        except exporting.ExportError as error:
            raise ValidationError({"detail": str(error), "field": error.field}) from error
        status_name = exporting.check_status(request.query_params.get("status"))
        response = StreamingHttpResponse(
            exporting.stream_export(self.project, annotations, fmt),
            content_type=export_format.content_type,
        )
        filename = exporting.export_filename(self.project, status_name, export_format.extension)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
