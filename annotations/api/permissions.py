"""The API's side of `annotations.roles`: every project-scoped endpoint resolves the project
and the caller's role once, and an outsider gets 404 (the project does not exist for them)."""

from functools import cache

from django.contrib.auth import get_user_model
from rest_framework.exceptions import PermissionDenied

from .. import exporting, roles
from ..models import Project, Role


class ProjectScoped:
    """A mixin for views under /projects/<slug>/: sets `self.project` and `self.role`."""

    project: Project
    role: Role

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.project, self.role = roles.project_for(request.user, kwargs["slug"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "project"):
            context["annotator_name"] = annotator_names(self.project, self.role)
        return context


def require(allowed: bool, message: str) -> None:
    """403 for a member whose role does not allow the action."""
    if not allowed:
        raise PermissionDenied(message)


def annotator_names(project: Project, role: Role):
    """How the caller sees annotators: usernames for members who work with them, the
    export's pseudonymous ids (or names, if the project allows) for viewers. The names are
    read on first use: most endpoints show no annotator and should not pay the query."""

    @cache
    def names() -> dict:
        if not roles.sees_usernames(role):
            return {
                int(user_id): label
                for user_id, label in exporting.annotator_labels(project).items()
            }
        return dict(
            get_user_model()
            .objects.filter(annotations__article__project=project)
            .distinct()
            .values_list("pk", "username")
        )

    return lambda user_id: None if user_id is None else names().get(user_id)


def annotator_user_id(project: Project, role: Role, name: str) -> int | None:
    """The user behind an annotator name as the caller sees it (see `annotator_names`)."""
    if not roles.sees_usernames(role):
        for user_id, label in exporting.annotator_labels(project).items():
            if label == name:
                return int(user_id)
        return None
    return get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()
