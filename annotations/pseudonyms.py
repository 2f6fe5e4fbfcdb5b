"""How annotators are named outside the team: exports and viewers see a stable pseudonymous id
per project (or the username, when the project allows names); members who work with the
annotators see usernames. The exports and the API both name annotators through here.
"""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model

from . import roles
from .models import Project, Role


def annotator_label(project: Project, user_id: int, username: str) -> str:
    """The annotator as exports show them: a stable pseudonymous id, or the username when the
    project allows names. The id depends on the project, the user and a key that does not
    change (EXPORT_PSEUDONYM_KEY, else SECRET_KEY), so it is the same in every export."""
    if project.show_annotator_names:
        return username
    key = getattr(settings, "EXPORT_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(f"newsquotes:{key}:{project.pk}:{user_id}".encode()).hexdigest()
    return "a-" + digest[:8]


def annotator_labels(project: Project) -> dict[str, str]:
    """Every annotator of the project, by user id (as text, for SQL's jsonb lookup)."""
    return {
        str(pk): annotator_label(project, pk, username) for pk, username in _annotators(project)
    }


def annotator_names(project: Project, role: Role):
    """How the caller sees annotators: usernames for members who work with them, the
    export's pseudonymous ids (or names, if the project allows) for viewers. The names are
    read on first use: most endpoints show no annotator and should not pay the query."""

    @cache
    def names() -> dict:
        if not roles.sees_usernames(role):
            return {int(user_id): label for user_id, label in annotator_labels(project).items()}
        return dict(_annotators(project))

    return lambda user_id: None if user_id is None else names().get(user_id)


def annotator_user_id(project: Project, role: Role, name: str) -> int | None:
    """The user behind an annotator name as the caller sees it (see `annotator_names`)."""
    if not roles.sees_usernames(role):
        for user_id, label in annotator_labels(project).items():
            if label == name:
                return int(user_id)
        return None
    return get_user_model().objects.filter(username=name).values_list("pk", flat=True).first()


def _annotators(project: Project):
    """(id, username) of everyone who holds an annotation in the project."""
    return (
        get_user_model()
        .objects.filter(annotations__article__project=project)
        .distinct()
        .values_list("pk", "username")
    )
