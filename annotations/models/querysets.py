"""Query methods the pages and the API share, so that each lookup is written once."""

from django.db import models
from django.db.models import F, Func, Max, Min, Q, TextField, Value


class ArticleQuerySet(models.QuerySet):
    def without_text(self):
        """The articles without their text, which lists never show and which can be long."""
        return self.defer("text")

    def id_bounds(self) -> tuple[int, int] | None:
        """The first and last id of these articles (two probes of an index such as
        `(project, id)`), or None when there are none. A walk of someone's versions in
        article order can start and stop there instead of passing every other project's."""
        bounds = self.aggregate(first=Min("id"), last=Max("id"))
        return None if bounds["first"] is None else (bounds["first"], bounds["last"])


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
