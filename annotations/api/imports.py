"""Imports through the API: `POST /api/v1/projects/<slug>/imports/` (multipart) starts an
import job and answers 202 with the job and its status URL; `GET …/imports/<id>/` is the
job's state, progress and report. Managers only (403 for other members, 404 outsiders)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import RegexValidator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import importing, roles, tasks
from ..importing import abandoned
from ..models import ImportJob
from . import fields
from .permissions import ProjectScoped, require
from .serializers import ErrorSerializer

NOT_A_MANAGER = "only the project's managers import articles"


class ImportJobSerializer(fields.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Null for imports from the command line.",
    )
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id", "status_url", "state", "created_by", "created_at", "finished_at", "file_name",
            "file_size", "sha256", "format", "dry_run", "options", "processed", "total",
            "articles_count", "mentions_count", "quotes_count", "errors", "report",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status_url(self, job: ImportJob) -> str:
        path = reverse("api-import", kwargs={"slug": job.project.slug, "pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


LABEL = r"(QUOTE|SPEAKER|CUE|quote|speaker|cue|Quote|Speaker|Cue|-)"
ENTRY = rf"[^=,\x00]+=\s*{LABEL}\s*"
LABEL_MAP = rf"^\s*{ENTRY}(,\s*{ENTRY})*,?\s*$"


class TrueOrFalse(serializers.BooleanField):
    """`true` or `false`, as the schema's boolean says (not DRF's 1, yes, on…)."""

    TRUE_VALUES = {"true", "True", "TRUE"}
    FALSE_VALUES = {"false", "False", "FALSE"}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        return super().to_internal_value(data)


class ImportOptionsSerializer(serializers.Serializer):
    format = serializers.ChoiceField(["auto", *importing.FORMATS], default="auto")
    dry_run = TrueOrFalse(default=False)
    skip_invalid = TrueOrFalse(default=False)
    on_duplicate = serializers.ChoiceField(importing.ON_DUPLICATE, default="error")
    label_map = fields.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        default="",
        validators=[RegexValidator(LABEL_MAP, "write it as Theirs=QUOTE,Source=SPEAKER")],
        help_text="Quotation=QUOTE,Source=SPEAKER",
    )


class ImportRequest(ImportOptionsSerializer):
    file = serializers.FileField(help_text="The file; repeat the field for several .txt.")


class ImportListView(ProjectScoped, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ImportJobSerializer(many=True), tags=["imports"])
    def get(self, request, slug):
        """The project's imports, newest first."""
        require(roles.can_manage(self.role), NOT_A_MANAGER)
        jobs = self.project.imports.select_related("created_by", "project")[:100]
        return Response(ImportJobSerializer(jobs, many=True, context={"request": request}).data)

    @extend_schema(
        request={"multipart/form-data": ImportRequest},
        responses={
            202: ImportJobSerializer,
            400: OpenApiResponse(ErrorSerializer, "A bad option or an oversized file."),
            403: OpenApiResponse(ErrorSerializer, "Only managers import."),
            404: OpenApiResponse(ErrorSerializer, "No such project (or not a member)."),
        },
        tags=["imports"],
    )
    def post(self, request, slug):
        """Start an import; small files are done by the time it answers, large ones run in
        the background: poll the status URL."""
        require(roles.can_manage(self.role), NOT_A_MANAGER)
        data = request.data
        given = ImportOptionsSerializer(data=data)
        given.is_valid(raise_exception=True)
        chosen = given.validated_data
        options = importing.ImportOptions.build(
            chosen["format"],
            chosen["dry_run"],
            chosen["skip_invalid"],
            chosen["on_duplicate"],
            chosen["label_map"],
        )
        job = tasks.start_import(
            importing.create_import_job(self.project, request.user, _uploads(data), options)
        )
        job.refresh_from_db()
        body = ImportJobSerializer(job, context={"request": request}).data
        return Response(
            body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
        )


class ImportDetailView(ProjectScoped, APIView):
    @extend_schema(responses={200: ImportJobSerializer}, tags=["imports"])
    def get(self, request, slug, pk):
        """One import: its state, progress (`processed` of `total`) and report."""
        require(roles.can_manage(self.role), NOT_A_MANAGER)
        abandoned.fail_abandoned_jobs(ImportJob.objects.filter(project=self.project, pk=pk))
        job = get_object_or_404(
            ImportJob.objects.select_related("created_by", "project"), project=self.project, pk=pk
        )
        return Response(ImportJobSerializer(job, context={"request": request}).data)


def _uploads(data) -> list:
    """The uploaded files; a `file` sent as a plain form field (curl's `-F 'file=<corpus'`)
    is read as a file's contents."""
    files = data.getlist("file") if hasattr(data, "getlist") else []
    return [
        item
        if hasattr(item, "read")
        else SimpleUploadedFile("upload", str(item).encode("utf-8", "replace"))
        for item in files
        if item not in (None, "")
    ]
