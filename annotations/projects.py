"""Creating, editing, archiving and deleting projects: every rule in one place, used by the
pages (`views/project_settings.py`), the API (`api/projects.py`) and `manage.py create_project`.

Who may create a project is the Django permission `annotations.add_project`, which an
administrator grants to a user or a group (superusers have every permission). The creator
becomes the project's first manager. Editing, archiving and deleting are for the project's
managers (`roles.can_manage`).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from .errors import FieldError
from .models import Article, Membership, Project, Role

CREATE_PERMISSION = "annotations.add_project"
CREATORS_GROUP = "Project creators"
# The fields a project's creator and managers set, in the order forms show them.
FIELDS = ("name", "slug", "description", "guidelines", "overlap", "show_annotator_names")
MAX_GUIDELINES = 100_000
RESERVED_SLUGS = {"new"}


class ProjectError(FieldError):
    """A project that cannot be created or changed as asked; `field` names what to fix."""


@dataclass
class ProjectSettings:
    """What a creator or manager sets; checked by `check_settings`."""

    name: str
    slug: str = ""
    description: str = ""
    guidelines: str = ""
    overlap: int = 1
    show_annotator_names: bool = False


def may_create(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(CREATE_PERMISSION))


def grant_create_permission(user) -> None:
    """Put the user in the "Project creators" group, which holds the permission (idempotent)."""
    group, _ = Group.objects.get_or_create(name=CREATORS_GROUP)
    app_label, codename = CREATE_PERMISSION.split(".")
    group.permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    user.groups.add(group)


def settings_from(data, *, defaults: ProjectSettings | None = None) -> ProjectSettings:
    """Settings from a form's or a request body's fields, over `defaults` for those absent.
    Checkboxes arrive as "on"/"true"/"1"; numbers as text; both are converted here."""
    base = defaults or ProjectSettings(name="")
    values = {}
    for name in FIELDS:
        value = data.get(name, getattr(base, name))
        if name == "overlap":
            value = _integer("overlap", value)
        elif name == "show_annotator_names":
            value = value if isinstance(value, bool) else str(value).lower() in {"on", "true", "1"}
        else:
            value = "" if value is None else str(value)
        values[name] = value
    return ProjectSettings(**values)


def check_settings(settings: ProjectSettings, *, project: Project | None = None) -> ProjectSettings:
    """The settings cleaned; ProjectError naming the first bad field."""
    name = settings.name.strip()
    if not name:
        raise ProjectError("name", "a project needs a name")
    if len(name) > 200:
        raise ProjectError("name", f"the name is {len(name)} characters long; 200 at most")
    slug = settings.slug.strip() or slugify(name)[:100]
    try:
        validate_slug(slug)
    except ValidationError:
        raise ProjectError(
            "slug", f"{slug!r} is not a slug: use letters, digits, hyphens and underscores"
        ) from None
    if slug in RESERVED_SLUGS:
        raise ProjectError("slug", f"{slug!r} is a word the site uses in addresses: choose another")
    if len(slug) > 100:
        raise ProjectError("slug", "the slug is longer than 100 characters")
    taken = Project.objects.filter(slug=slug)
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        raise ProjectError("slug", f"the slug {slug!r} is taken: choose another")
    if not 1 <= settings.overlap <= 5:
        raise ProjectError(
            "overlap",
            f"overlap is how many annotators see each article: 1 to 5, not {settings.overlap}",
        )
    if len(settings.guidelines) > MAX_GUIDELINES:
        raise ProjectError(
            "guidelines", f"the guidelines are longer than {MAX_GUIDELINES} characters"
        )
    return ProjectSettings(
        name=name,
        slug=slug,
        description=settings.description.strip(),
        guidelines=settings.guidelines,
        overlap=settings.overlap,
        show_annotator_names=settings.show_annotator_names,
    )


def create_project(settings: ProjectSettings, creator) -> Project:
    """A new project whose creator is its manager; ProjectError when the creator may not
    create projects or a field is bad (nothing is written then)."""
    if not may_create(creator):
        raise ProjectError(
            "user",
            f"{creator} may not create projects: an administrator grants the permission "
            f"{CREATE_PERMISSION}",
        )
    settings = check_settings(settings)
    with transaction.atomic():
        project = Project.objects.create(
            name=settings.name,
            slug=settings.slug,
            description=settings.description,
            guidelines=settings.guidelines,
            overlap=settings.overlap,
            show_annotator_names=settings.show_annotator_names,
            created_by=creator,
        )
        Membership.objects.create(project=project, user=creator, role=Role.MANAGER)
    return project


def update_project(project: Project, settings: ProjectSettings) -> Project:
    """Change a project's settings (a manager's edit); the slug may change too."""
    settings = check_settings(settings, project=project)
    overlap_changed = settings.overlap != project.overlap
    with transaction.atomic():
        for name in FIELDS:
            setattr(project, name, getattr(settings, name))
        project.save(update_fields=list(FIELDS))
        if overlap_changed:
            # Which articles await review depends on the overlap (the counters' triggers).
            with connection.cursor() as cursor:
                cursor.execute("SELECT nq_refresh_needs_review(%s)", [project.pk])
    return project


def current_settings(project: Project) -> ProjectSettings:
    return ProjectSettings(**{name: getattr(project, name) for name in FIELDS})


def archive(project: Project) -> Project:
    """Hide the project from annotators' home pages; nothing is deleted or changed."""
    if project.archived_at is None:
        project.archived_at = timezone.now()
        project.save(update_fields=["archived_at"])
    return project


def unarchive(project: Project) -> Project:
    if project.archived_at is not None:
        project.archived_at = None
        project.save(update_fields=["archived_at"])
    return project


def delete_project(project: Project, typed_slug: str) -> None:
    """Delete the project and everything in it, once its slug is typed again."""
    if (typed_slug or "").strip() != project.slug:
        raise ProjectError("confirm_slug", f"type the project's slug, {project.slug}, to delete it")
    with transaction.atomic():
        # Annotations protect their annotators, not their articles: delete them with the
        # articles first, in bulk, then the rest cascades from the project.
        Article.objects.filter(project=project).delete()
        project.delete()


def visible_on_home(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """A home page's memberships: archived projects only for their managers."""
    return memberships.exclude(project__archived_at__isnull=False, role__in=_NOT_MANAGERS)


_NOT_MANAGERS = [Role.REVIEWER, Role.ANNOTATOR, Role.VIEWER]


def _integer(field: str, value) -> int:
    if isinstance(value, bool):
        raise ProjectError(field, f"{field} must be a whole number")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ProjectError(field, f"{field} must be a whole number, not {value!r}") from None
