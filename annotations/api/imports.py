"""Imports through the API: `POST /api/v1/projects/<slug>/imports/` (multipart) starts an
import job and answers 202 with the job and its status URL; `GET …/imports/<id>/` is the
job's state, progress and report. Managers only (403 for other members, 404 outsiders)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import importing, roles, tasks
from ..importing import abandoned
from ..models import ImportJob
from .permissions import ProjectScoped, require
from .serializers import ErrorSerializer

NOT_A_MANAGER = "only the project's managers import articles"


class ImportJobSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
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


ImportRequest = inline_serializer(
    "ImportRequest",
    {
        "file": serializers.FileField(help_text="The file; repeat the field for several .txt."),
        "format": serializers.ChoiceField(["auto", *importing.FORMATS], default="auto"),
        "dry_run": serializers.BooleanField(default=False),
        "skip_invalid": serializers.BooleanField(default=False),
        "on_duplicate": serializers.ChoiceField(importing.ON_DUPLICATE, default="error"),
        "label_map": serializers.CharField(
            required=False, help_text="Quotation=QUOTE,Source=SPEAKER"
        ),
    },
)


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
        options = importing.ImportOptions.build(
            data.get("format", "auto"),
            _flag(data.get("dry_run")),
            _flag(data.get("skip_invalid")),
            data.get("on_duplicate", "error"),
            data.get("label_map", ""),
        )
        job = tasks.start_import(
            importing.create_import_job(
                self.project, request.user, request.FILES.getlist("file"), options
            )
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


def _flag(value) -> bool:
    return str(value).lower() in ("1", "true", "on", "yes")
