"""Projects through the API: list and read (any member), create (`POST /api/v1/projects/`,
users with the `annotations.add_project` permission) and change settings (`PATCH`,
managers). The rules are `annotations.projects`, shared with the pages and the command."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from .. import projects, roles
from . import fields, views
from .parsers import JSONParser
from .serializers import ErrorSerializer, ProjectSerializer


class ProjectSettingsSerializer(serializers.Serializer):
    """What a creator sends; every field is checked again by `annotations.projects`."""

    name = fields.CharField(help_text="Shown everywhere; 200 characters at most.")
    slug = fields.CharField(
        required=False,
        allow_blank=True,
        help_text="The project's address; made from the name when empty.",
    )
    description = fields.CharField(required=False, allow_blank=True)
    guidelines = fields.CharField(
        required=False,
        allow_blank=True,
        help_text="Markdown, shown to annotators (cleaned of anything that runs).",
    )
    overlap = serializers.IntegerField(required=False, help_text="Annotators per article, 1 to 5.")
    show_annotator_names = serializers.BooleanField(
        required=False, help_text="Exports name annotators instead of pseudonymous ids."
    )


class ProjectSettingsChangeSerializer(ProjectSettingsSerializer):
    """What a manager sends to change settings: any of them, the name included."""

    name = fields.CharField(required=False, help_text="Shown everywhere; 200 characters at most.")


class ProjectDetailSerializer(ProjectSerializer):
    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "show_annotator_names", "archived_at"]


class ProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, views.ProjectViewSet):
    serializer_class = ProjectDetailSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Create a project; you become its manager",
        request=ProjectSettingsSerializer,
        responses={
            201: ProjectDetailSerializer,
            400: OpenApiResponse(ErrorSerializer, "A bad field; `field` names it."),
            403: OpenApiResponse(ErrorSerializer, "You may not create projects."),
        },
    )
    def create(self, request, *args, **kwargs):
        if not projects.may_create(request.user):
            raise PermissionDenied(
                f"you may not create projects: an administrator grants {projects.CREATE_PERMISSION}"
            )
        data = self._settings_data(request.data)
        project = self._apply(
            lambda: projects.create_project(projects.settings_from(data), request.user)
        )
        return Response(self._shown(project), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a project's settings (managers)",
        request=ProjectSettingsChangeSerializer,
        responses={200: ProjectDetailSerializer, 400: OpenApiResponse(ErrorSerializer)},
    )
    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        if not roles.can_manage(roles.role_in(request.user, project)):
            raise PermissionDenied("only the project's managers change its settings")
        data = self._settings_data(request.data, partial=True)
        current = projects.current_settings(project)
        self._apply(
            lambda: projects.update_project(project, projects.settings_from(data, defaults=current))
        )
        return Response(self._shown(project))

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _settings_data(self, data, *, partial: bool = False) -> dict:
        serializer = ProjectSettingsSerializer(data=data, partial=partial)
        if not serializer.is_valid():
            field, messages = next(iter(serializer.errors.items()))
            raise ValidationError(
                {"detail": f"{field}: {' '.join(map(str, messages))}", "field": field}
            )
        return serializer.validated_data

    def _apply(self, change):
        try:
            return change()
        except projects.ProjectError as error:
            raise ValidationError({"detail": str(error), "field": error.field}) from error

    def _shown(self, project):
        context = self.get_serializer_context()
        context["roles"] = dict(self.request.user.memberships.values_list("project_id", "role"))
        return ProjectDetailSerializer(project, context=context).data
