"""Query filters of the list endpoints (django-filter); each is documented in the schema."""

from datetime import UTC

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..models import Article, Quote, QuoteType, Speaker, Status
from ..pseudonyms import annotator_user_id


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend (REST_FRAMEWORK's DEFAULT_FILTER_BACKENDS), skipped when the
    request names none of the view's filters: building and checking a filter set's form
    costs more than a page's query, and without its parameters it changes nothing (every
    filter here reads one parameter of its own name)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


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


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number (an id past any stored one matches nothing)."""

    field_class = forms.IntegerField


class StrictFilterSet(django_filters.FilterSet):
    """A parameter sent empty (`?published_before=`) is refused, naming it, instead of being
    taken as absent: an empty date, number or choice is not one."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if isinstance(declared, STRICT) and name in self.data and self.data.get(name) == "":
                self.form.add_error(name, "give a value, or leave the parameter out")
                valid = False
        return valid


STRICT = (
    django_filters.DateFilter,
    django_filters.IsoDateTimeFilter,
    django_filters.NumberFilter,
    django_filters.ChoiceFilter,
)


class ArticleFilter(StrictFilterSet):
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


class SpeakerFilter(StrictFilterSet):
    q = django_filters.CharFilter(
        method="search", help_text="Part of the speaker's name or of one of their aliases."
    )
    wikidata_id = django_filters.CharFilter()

    class Meta:
        model = Speaker
        fields = ["q", "wikidata_id"]

    def search(self, queryset, name, value):
        return queryset.matching(value)


class QuoteFilter(StrictFilterSet):
    speaker = IdFilter(field_name="speaker_id", help_text="A speaker's id.")
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
