"""Query methods the pages and the API share, so that each lookup is written once."""

from django.db import models
from django.db.models import F, Func, Q, TextField, Value


class ArticleQuerySet(models.QuerySet):
    def without_text(self):
        """The articles without their text, which lists never show and which can be long."""
        return self.defer("text")


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
