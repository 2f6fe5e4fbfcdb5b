"""Who may do what: one place, called by the pages, the API and the exports.

The matrix is in docs/roles.md. A user outside a project sees nothing of it, not even that it
exists: `project_for` raises Http404, never PermissionDenied.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Annotation, Comment, Membership, Project, Role, Status

WRITERS = {Role.MANAGER, Role.REVIEWER, Role.ANNOTATOR}
GOLD_WRITERS = {Role.MANAGER, Role.REVIEWER}
SEE_OTHERS = {Role.MANAGER, Role.REVIEWER}
EXPORTERS = {Role.MANAGER, Role.REVIEWER, Role.VIEWER}
MANAGERS = {Role.MANAGER}
# What a viewer sees of other people's work: finished versions only.
VIEWER_STATUSES = (Status.SUBMITTED, Status.GOLD)
# A version its annotator has handed in: read-only for everyone until a manager reopens it.
FINISHED = (Status.SUBMITTED, Status.SKIPPED)


def projects_for(user) -> QuerySet[Project]:
    """The projects the user is a member of: one row each, as a user holds one membership
    per project (no DISTINCT needed)."""
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user)


def role_in(user, project: Project) -> Role | None:
    """The user's role in the project, or None for an outsider.

    The role is cached on the project object for the rest of the request.
    """
    if not user.is_authenticated:
        return None
    cache = project.__dict__.setdefault("_roles", {})
    if user.pk not in cache:
        role = (
            Membership.objects.filter(project=project, user=user)
            .values_list("role", flat=True)
            .first()
        )
        cache[user.pk] = Role(role) if role else None
    return cache[user.pk]


def project_for(user, slug: str) -> tuple[Project, Role]:
    """The project and the user's role in it; Http404 for an outsider."""
    if not user.is_authenticated:
        raise Http404("No such project")
    # One row at most (one membership per project and user): no ORDER BY, no LIMIT.
    found = Membership.objects.select_related("project").filter(project__slug=slug, user=user)
    membership = next(iter(found), None)
    if membership is None:
        raise Http404("No such project")
    project = membership.project
    project.__dict__.setdefault("_roles", {})[user.pk] = Role(membership.role)
    return project, Role(membership.role)


def annotation_for(user, slug: str, annotation_id) -> tuple[Project, Role, Annotation]:
    """The project, the user's role and one of its annotations with its article, or Http404
    when the project or the annotation is hidden from the user (or does not exist)."""
    project, role = project_for(user, slug)
    annotation = (
        Annotation.objects.select_related("article", "article__project")
        .filter(pk=annotation_id, article__project=project)
        .first()
    )
    if annotation is None or not may_see_annotation(user, role, annotation):
        raise Http404("No such annotation")
    return project, role, annotation


def can_write(role: Role | None) -> bool:
    return role in WRITERS


def can_write_gold(role: Role | None) -> bool:
    return role in GOLD_WRITERS


def can_manage(role: Role | None) -> bool:
    return role in MANAGERS


def can_export(role: Role | None) -> bool:
    return role in EXPORTERS


def can_see_others(role: Role | None) -> bool:
    return role in SEE_OTHERS


def sees_usernames(role: Role | None) -> bool:
    """Members who work on annotations see usernames; viewers see the export's pseudonyms."""
    return role in WRITERS


def visible_annotations(user, role: Role | None, annotations: QuerySet[Annotation]) -> QuerySet:
    """Filter annotations (of one project) down to what the role may see.

    Annotators see only their own (blind); viewers their own plus submitted and gold;
    reviewers and managers everything.
    """
    if role is None:
        return annotations.none()
    if role in SEE_OTHERS:
        return annotations
    if role == Role.VIEWER:
        return annotations.filter(Q(annotator=user) | Q(status__in=VIEWER_STATUSES))
    return annotations.filter(annotator=user)


def may_see_annotation(user, role: Role | None, annotation: Annotation) -> bool:
    if role is None:
        return False
    if role in SEE_OTHERS or annotation.annotator_id == user.pk:
        return True
    return role == Role.VIEWER and annotation.status in VIEWER_STATUSES


def why_read_only(annotation: Annotation) -> str:
    """The sentence a writer sees when their change is refused."""
    if annotation.status in FINISHED:
        return (
            f"This version is {annotation.get_status_display().lower()}: it is read-only "
            "until a manager reopens it."
        )
    return "You may not change this annotation."


def may_write_annotation(user, role: Role | None, annotation: Annotation) -> bool:
    """Writers change their own version until they submit or skip it (managers, who may
    reopen it, also after); reviewers and managers also the gold version."""
    if annotation.is_gold:
        return can_write_gold(role)
    return (
        can_write(role)
        and annotation.annotator_id == user.pk
        and (annotation.status not in FINISHED or can_manage(role))  # managers may reopen
    )


def may_edit_comment(user, role: Role | None, comment: Comment) -> bool:
    """A note's author edits it while they may still write its annotation."""
    return comment.author_id == user.pk and may_write_annotation(user, role, comment.annotation)


def may_delete_comment(user, role: Role | None, comment: Comment) -> bool:
    """Its author as for editing, and a manager any note on an annotation they see."""
    return can_manage(role) or may_edit_comment(user, role, comment)
