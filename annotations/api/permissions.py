"""The API's side of `annotations.roles`: every project-scoped endpoint resolves the project
and the caller's role once, and an outsider gets 404 (the project does not exist for them)."""

from rest_framework.exceptions import PermissionDenied

from .. import roles
from ..models import Project, Role
from ..pseudonyms import annotator_names


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
