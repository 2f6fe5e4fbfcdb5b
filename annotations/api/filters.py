"""Query filters of the list endpoints (django-filter); each is documented in the schema."""

from datetime import UTC

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from ..models import Article, Quote, QuoteType, Speaker, Status
from ..pseudonyms import annotator_user_id


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time with any offset, turned to UTC: PostgreSQL refuses offsets
    beyond ±15:59 that Python accepts (`+16:20`)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError as error:
            raise ValidationError("date-time out of range", code="invalid") from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class ArticleFilter(django_filters.FilterSet):
    external_id = django_filters.CharFilter(help_text="The article's external id, exactly.")
    source = django_filters.CharFilter(help_text="The outlet, exactly.")
    published_after = django_filters.DateFilter(
        field_name="published", lookup_expr="gte", help_text="Published on or after (YYYY-MM-DD)."
    )
    published_before = django_filters.DateFilter(
        field_name="published", lookup_expr="lte", help_text="Published on or before (YYYY-MM-DD)."
    )
    q = django_filters.CharFilter(
        method="search",
        help_text="Full-text search over title and text (PostgreSQL, web-search syntax: words, "
        '"a phrase", -excluded, or).',
    )

    class Meta:
        model = Article
        fields = ["external_id", "source", "published_after", "published_before", "q"]

    def search(self, queryset, name, value):
        # The same expression as the GIN index `article_search`, so that the index is used.
        vector = SearchVector("title", "text", config="simple")
        query = SearchQuery(value, config="simple", search_type="websearch")
        return queryset.annotate(search=vector).filter(search=query)


class SpeakerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", help_text="Part of the speaker's name or of one of their aliases."
    )
    wikidata_id = django_filters.CharFilter()

    class Meta:
        model = Speaker
        fields = ["q", "wikidata_id"]

    def search(self, queryset, name, value):
        return queryset.matching(value)


class QuoteFilter(django_filters.FilterSet):
    speaker = django_filters.NumberFilter(field_name="speaker_id", help_text="A speaker's id.")
    type = django_filters.ChoiceFilter(choices=QuoteType.choices)
    status = django_filters.ChoiceFilter(
        field_name="annotation__status",
        choices=Status.choices,
        help_text="The annotation's status.",
    )
    annotator = django_filters.CharFilter(
        method="by_annotator",
        help_text="An annotator as this API shows them (username, or pseudonymous id for "
        "viewers); `gold` for the gold versions.",
    )
    article = django_filters.CharFilter(
        field_name="annotation__article__external_id", help_text="An article's external id."
    )
    published_after = django_filters.DateFilter(
        field_name="annotation__article__published", lookup_expr="gte"
    )
    published_before = django_filters.DateFilter(
        field_name="annotation__article__published", lookup_expr="lte"
    )
    updated_after = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="lte")

    class Meta:
        model = Quote
        fields = [
            "speaker",
            "type",
            "status",
            "annotator",
            "article",
            "published_after",
            "published_before",
            "updated_after",
            "updated_before",
        ]

    def by_annotator(self, queryset, name, value):
        if value == "gold":
            return queryset.filter(annotation__annotator__isnull=True)
        view = self.request.parser_context["view"]
        user_id = annotator_user_id(view.project, view.role, value)
        return queryset.filter(annotation__annotator_id=user_id) if user_id else queryset.none()
