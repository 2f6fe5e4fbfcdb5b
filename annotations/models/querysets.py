"""Query methods the pages and the API share, so that each lookup is written once."""

from django.db import connections, models
from django.db.models import F, Func, Q, TextField, Value


class ArticleQuerySet(models.QuerySet):
    def without_text(self):
        """The articles without their text, which lists never show and which can be long."""
        return self.defer("text")

    def id_bounds(self, project) -> tuple[int, int] | None:
        """The project's first and last article id, or None when it has none.

        Two probes of the index `(project, id)`: the range condition on the project keeps
        it in the sort order, so PostgreSQL cannot walk the primary key instead (its
        estimate assumes a project's rows spread over the whole table, and it would then
        read every other project's articles before reaching the first of this one)."""
        table = self.model._meta.db_table
        probe = (
            f"SELECT id FROM {table} WHERE project_id BETWEEN %s AND %s"
            " ORDER BY project_id{0}, id{0} LIMIT 1"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT ({probe.format('')}), ({probe.format(' DESC')})",
                [project.pk, project.pk] * 2,
            )
            first, last = cursor.fetchone()
        return None if first is None else (first, last)

    def in_project(self, project):
        """The project's articles, also bounded by its first and last id, so that a walk in
        id order (of the primary key or of `(project, id)`) starts and stops inside the
        project, whichever PostgreSQL picks. Lists and pages start from here."""
        bounds = self.id_bounds(project) or (0, -1)
        return self.filter(project=project, id__gte=bounds[0], id__lte=bounds[1])


class SpeakerQuerySet(models.QuerySet):
    def matching(self, query: str):
        """The speakers whose name or one of whose aliases contains `query` (any case).

        The aliases are joined by a line break, which a one-line query cannot span."""
        aliases = Func(
            F("aliases"), Value("\n"), function="array_to_string", output_field=TextField()
        )
        return self.annotate(alias_text=aliases).filter(
            Q(name__icontains=query) | Q(alias_text__icontains=query)
        )
