"""Which articles a member works on, which comes next, and the manager's assignment tools.

An assignment is an `Annotation` of that annotator for that article (status `assigned`
until the first change). Each article is handed to at most `project.overlap` annotators,
fewest annotations first. Hand-outs of one project are serialised by a PostgreSQL
transaction-level advisory lock, so concurrent "Next article" requests never exceed the
overlap and never give one person the same article twice.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import editing, roles
from .errors import FieldError
from .models import Annotation, Article, Membership, Project, Role, Status
from .projects import visible_on_home

DONE = [Status.SUBMITTED, Status.SKIPPED]
OPEN = [Status.ASSIGNED, Status.IN_PROGRESS]
# First key of the two-key advisory lock: keeps our locks apart from anyone else's.
LOCK_NAMESPACE = 6_001


class AssignmentError(FieldError):
    """An assignment that cannot be made; `field` names what to fix."""


@dataclass
class Holding:
    """One article and who holds it, for the manager's assignment page."""

    article: Article
    annotations: list[Annotation]
    free_places: int


@dataclass
class ProjectProgress:
    """One row of "My work": a project, how many articles are assigned and how many done."""

    project: Project
    assigned: int
    submitted: int
    can_write: bool


def assigned_articles(user, project: Project) -> QuerySet[Article]:
    """The project's articles the user holds an annotation for (in any status)."""
    if not roles.can_write(roles.role_in(user, project)):
        return Article.objects.none()
    return Article.objects.filter(project=project, annotations__annotator=user).distinct()


def progress(user) -> list[Membership]:
    """The user's memberships with `held` (the articles assigned to them, as
    `assigned_articles` counts them) and `submitted`; archived projects only for managers.
    One query whatever the project sizes: the counts are the membership's counters that
    PostgreSQL keeps (its triggers), never a count of the projects' annotations."""
    memberships = list(
        visible_on_home(Membership.objects.filter(user=user))
        .select_related("project")
        .annotate(**MEMBER_COUNTERS)
        .order_by("project__name")
    )
    for membership in memberships:
        membership.held = sum(getattr(membership, name) for name in MEMBER_COUNTERS)
        membership.submitted = membership.n_submitted
    return memberships


# A member's versions by status, counted by PostgreSQL's triggers (its triggers).
MEMBER_COUNTERS = {
    f"n_{status}": RawSQL(f"annotations_membership.n_{status}", ())
    for status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.SUBMITTED, Status.SKIPPED)
}


def my_work(user) -> list[ProjectProgress]:
    """The user's projects with progress over the articles this module gives them."""
    rows = []
    for membership in progress(user):
        can_write = roles.can_write(Role(membership.role))
        rows.append(
            ProjectProgress(
                project=membership.project,
                assigned=membership.held if can_write else 0,
                submitted=membership.submitted if can_write else 0,
                can_write=can_write,
            )
        )
    return rows


def next_article(user, project: Project) -> Article | None:
    """The user's oldest open assignment, or else a newly handed-out article.

    A new article is the one with the fewest annotations (then the oldest) that the user has
    never held and that still has a free place under the project's overlap.
    """
    if not roles.can_write(roles.role_in(user, project)):
        return None
    held = _open_assignment(user, project)
    if held is not None:
        return held
    with transaction.atomic():
        _lock(project)
        held = _open_assignment(user, project)
        if held is not None:
            return held
        # The least-held article first: `holders` is the count PostgreSQL keeps per article,
        # and the index `article_handout` (project, holders, id) walks it in that order.
        article = (
            Article.objects.filter(project=project)
            .without_text()
            .filter(RawSQL("annotations_article.holders < %s", [project.overlap], BooleanField()))
            .exclude(annotations__annotator=user)
            .order_by(RawSQL("annotations_article.holders", ()), "id")
            .first()
        )
        if article is None:
            return None
        Annotation.objects.create(article=article, annotator=user, status=Status.ASSIGNED)
    return article


def assign(article: Article, user, *, actor=None) -> Annotation:
    """A manager gives the article to a writing member, within the overlap."""
    project = article.project
    if not roles.can_write(roles.role_in(user, project)):
        raise AssignmentError("user", f"{user} is not an annotating member of this project")
    with transaction.atomic():
        _lock(project)
        if Annotation.objects.filter(article=article, annotator=user).exists():
            raise AssignmentError("user", f"{user} already holds this article")
        load = _non_gold(article).count()
        if load >= project.overlap:
            raise AssignmentError(
                "article",
                f"this article already has {load} annotators (the project's overlap is "
                f"{project.overlap}): release one first",
            )
        annotation = Annotation.objects.create(
            article=article, annotator=user, status=Status.ASSIGNED
        )
        editing.record_event(annotation, actor, "assigned", {"annotator": user.username})
    return annotation


def reassign(annotation: Annotation, user, *, actor=None) -> Annotation:
    """Hand an annotator's version, with all its work, to another writing member."""
    if annotation.is_gold:
        raise AssignmentError("annotation", "the gold version belongs to no one")
    project = annotation.article.project
    if not roles.can_write(roles.role_in(user, project)):
        raise AssignmentError("user", f"{user} is not an annotating member of this project")
    with transaction.atomic():
        _lock(project)
        if Annotation.objects.filter(article=annotation.article, annotator=user).exists():
            raise AssignmentError("user", f"{user} already holds this article")
        before = annotation.annotator.username
        Annotation.objects.filter(pk=annotation.pk).update(
            annotator=user, updated_at=timezone.now()
        )
        annotation.annotator = user
        editing.record_event(annotation, actor, "reassigned", {"from": before, "to": user.username})
    return annotation


def release(annotation: Annotation, *, actor=None) -> None:
    """Take back an assignment nobody has started; started work is reassigned instead.

    Only an untouched `assigned` annotation may go: it holds no mentions, quotes or history
    beyond its assignment, so nothing of anyone's work is lost.
    """
    if annotation.is_gold or annotation.status != Status.ASSIGNED:
        raise AssignmentError(
            "annotation",
            "only an untouched assignment can be released; this one has work in it "
            "(reassign it, or reopen it)",
        )
    with transaction.atomic():
        deleted, _ = Annotation.objects.filter(pk=annotation.pk, status=Status.ASSIGNED).delete()
        if not deleted:
            raise AssignmentError("annotation", "this annotation was started meanwhile")


def reopen(annotation: Annotation, *, actor=None) -> Annotation:
    """Send a submitted (or skipped) version back to its annotator, in progress again."""
    if annotation.status not in DONE:
        raise AssignmentError("annotation", "only a submitted or skipped version can be reopened")
    # The assignment screen is the manager's: the status table lets a manager reopen.
    return editing.set_status(annotation, Status.IN_PROGRESS, actor=actor, role=Role.MANAGER)


def holdings(project: Project) -> list[Holding]:
    """Every article of the project with the annotations that hold it (gold left out)."""
    annotations: dict[int, list[Annotation]] = {}
    for annotation in (
        Annotation.objects.filter(article__project=project, annotator__isnull=False)
        .select_related("annotator")
        .order_by("article_id", "annotator__username")
    ):
        annotations.setdefault(annotation.article_id, []).append(annotation)
    return [
        Holding(
            article=article,
            annotations=annotations.get(article.pk, []),
            free_places=max(0, project.overlap - len(annotations.get(article.pk, []))),
        )
        for article in Article.objects.filter(project=project).without_text().order_by("id")
    ]


def writers(project: Project) -> QuerySet:
    """The members who may hold an annotation, for the assignment forms."""
    return (
        Membership.objects.filter(project=project, role__in=roles.WRITERS)
        .select_related("user")
        .order_by("user__username")
    )


def held_article(user, project: Project) -> Article | None:
    """The user's oldest open assignment, if any; reads only (the page's GET asks this)."""
    return _open_assignment(user, project)


def _open_assignment(user, project: Project) -> Article | None:
    # From the user's open versions (partial index annotation_open: annotator, article), in
    # article order, between the project's first and last article id: the walk never
    # passes the open versions the user holds in projects made before or after this one.
    bounds = Article.objects.id_bounds(project)
    if bounds is None:
        return None
    article_id = (
        Annotation.objects.filter(
            annotator=user,
            status__in=OPEN,
            article__gte=bounds[0],
            article__lte=bounds[1],
            article__project=project,
        )
        .order_by("article_id")
        .values_list("article_id", flat=True)
        .first()
    )
    return None if article_id is None else Article.objects.without_text().get(pk=article_id)


def _non_gold(article: Article) -> QuerySet[Annotation]:
    return Annotation.objects.filter(article=article, annotator__isnull=False)


def _lock(project: Project) -> None:
    """Serialise hand-outs of one project until the surrounding transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, project.pk])
