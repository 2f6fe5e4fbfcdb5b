"""What the API reads and writes. Serializers shape data and check its form; the rules (spans,
roles, versions) stay in `spans`, `roles` and `editing`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import comments, contents, exporting, limits, spans
from ..models import Annotation, Article, Label, Project, Quote, QuoteType, Speaker, Status
from . import fields, rows


class ProjectSerializer(fields.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="Your role in the project.")

    class Meta:
        model = Project
        fields = ["slug", "name", "description", "guidelines", "overlap", "role", "created_at"]

    def get_role(self, project: Project) -> str:
        if hasattr(project, "your_role"):  # annotated by the view's query
            return project.your_role
        return self.context["roles"].get(project.pk, "")


class ArticleSerializer(fields.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "external_id",
            "title",
            "source",
            "url",
            "author",
            "published",
            "language",
            "meta",
            "text_sha256",
            "created_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields[:3], "text", *ArticleSerializer.Meta.fields[3:]]


class SpeakerSerializer(fields.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "aliases", "description", "wikidata_id"]


class MentionSerializer(serializers.Serializer):
    """A span: `id` is the database's in answers; in a request, any integer that the request's
    quotes use to refer to it."""

    id = serializers.IntegerField()
    label = serializers.ChoiceField(choices=Label.choices)
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    text = fields.CharField(
        required=False,
        trim_whitespace=False,
        allow_blank=True,
        help_text="If given, must equal the article's text[start:end] (code points).",
    )


# The fragments' mention ids: a request may send one id or a list; answers give the list.
FRAGMENTS_SCHEMA = {
    "oneOf": [
        {"type": "integer"},
        {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 100},
    ],
    "description": "The content: the QUOTE mention's id, or the ids of its fragments in text "
    "order when the quote is in several pieces (“…,” he said, “…”). Answers always give a list.",
    "example": [3, 7],
}


@extend_schema_field(FRAGMENTS_SCHEMA)
class FragmentsField(serializers.Field):
    """A quote's content: one mention id or a list of them (its fragments), read as a list."""

    default_error_messages = {
        "invalid": "must be a mention id or a list of 1 to 100 mention ids",
    }

    def to_internal_value(self, data):
        ids = data if isinstance(data, list) else [data]
        if not 1 <= len(ids) <= 100 or not all(
            isinstance(key, int) and not isinstance(key, bool) for key in ids
        ):
            self.fail("invalid")
        return ids

    def to_representation(self, value):
        return list(value) if isinstance(value, list) else [value]


class QuoteSerializer(serializers.Serializer):
    """A quote; `content` (its fragments), `speaker_mention` and `cue` are ids of mentions of
    the same annotation, `speaker` the id of one of the project's speakers."""

    id = serializers.IntegerField(read_only=True)
    type = serializers.ChoiceField(choices=QuoteType.choices, default=QuoteType.DIRECT)
    content = FragmentsField()
    speaker_mention = serializers.IntegerField(allow_null=True, required=False, default=None)
    cue = serializers.IntegerField(allow_null=True, required=False, default=None)
    speaker = serializers.IntegerField(allow_null=True, required=False, default=None)
    origin = fields.CharField(required=False, allow_blank=True, default="", max_length=40)


# The shapes are `contents`'; these serializers give each field its type and checks.
assert tuple(MentionSerializer().fields) == contents.MENTION_FIELDS
assert tuple(QuoteSerializer().fields) == contents.QUOTE_FIELDS


class AnnotationSerializer(fields.ModelSerializer):
    """An annotation with its mentions and quotes, as `contents.snapshot` has them."""

    annotator = serializers.SerializerMethodField(
        help_text="Null for the gold version; a username, or a pseudonymous id for viewers."
    )
    article = fields.CharField(source="article.external_id", read_only=True)
    mentions = serializers.SerializerMethodField()
    quotes = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField(
        help_text='Notes and flags (`flag`: "unsure" or empty) on the article or a quote.'
    )

    class Meta:
        model = Annotation
        fields = [
            "id",
            "article",
            "annotator",
            "status",
            "version",
            "time_spent",
            "created_at",
            "updated_at",
            "submitted_at",
            "mentions",
            "quotes",
            "comments",
        ]

    def get_annotator(self, annotation: Annotation) -> str | None:
        return self.context["annotator_name"](annotation.annotator_id)

    @extend_schema_field(MentionSerializer(many=True))
    def get_mentions(self, annotation: Annotation) -> list[dict]:
        return self._contents(annotation)["mentions"]

    @extend_schema_field(QuoteSerializer(many=True))
    def get_quotes(self, annotation: Annotation) -> list[dict]:
        # Answers always list the content's fragments, one or more.
        return [
            {**quote, "content": spans.fragment_keys(quote)}
            for quote in self._contents(annotation)["quotes"]
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_comments(self, annotation: Annotation) -> list[dict]:
        return [comments.as_dict(c) for c in annotation.comments.all()]

    def _contents(self, annotation: Annotation) -> dict:
        """The plain rows the view read for all the annotations shown (`contents.snapshots`),
        or this one's, read now."""
        found = self.context.get("contents", {}).get(annotation.pk)
        return found if found is not None else contents.snapshot(annotation)


class AnnotationContentsSerializer(serializers.Serializer):
    """An annotation's status, time and contents as a request sends them."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    skip_reason = fields.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_SKIP_REASON
    )
    time_spent = serializers.IntegerField(
        min_value=0,
        max_value=limits.MAX_SECONDS_PER_REPORT,
        required=False,
        default=0,
        help_text="Seconds to add to the time spent (the total stays within the time since "
        "the annotation was started).",
    )
    # Checked in one pass (`rows`): DRF's many=True costs more than a small change's write.
    mentions = rows.RowList(MentionSerializer, rows.plain_mention, required=False)
    quotes = rows.RowList(QuoteSerializer, rows.plain_quote, required=False)


class AnnotationWriteSerializer(AnnotationContentsSerializer):
    """A change to an annotation. `mentions` and `quotes` replace the annotation's contents;
    on PATCH an absent one keeps what is stored. `version` is the version you read (an
    If-Match header may carry it instead): if the annotation changed since, the answer is 409."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class AnnotationCreateSerializer(AnnotationContentsSerializer):
    gold = serializers.BooleanField(
        default=False, help_text="Create the article's gold version (reviewers and managers)."
    )


NESTED_MENTIONS = ("speaker_mention", "cue")


def quote_row_fields(columns: tuple[str, ...]) -> list[str]:
    """The API's quote-row fields, from the export's columns: the quote's id first as `id`,
    no `project` (the URL names it), each mention's `_start`, `_end` and `_text` columns as
    one nested mention, and the quote's `origin` after them."""
    fields = ["id"]
    for column in columns:
        if column in ("project", "quote_id"):
            continue
        nested = next((m for m in NESTED_MENTIONS if column.startswith(f"{m}_")), None)
        if nested is None:
            if column == "created_at":
                fields.append("origin")
            fields.append(column)
        elif nested not in fields:
            fields.append(nested)
    return fields


class QuoteRowSerializer(fields.ModelSerializer):
    """One quote across a project, flat: the export's columns, as the caller may see them."""

    article_id = fields.CharField(source="annotation.article.external_id")
    article_title = fields.CharField(source="annotation.article.title")
    article_source = fields.CharField(source="annotation.article.source")
    article_published = serializers.DateField(
        source="annotation.article.published", allow_null=True
    )
    annotation_id = serializers.IntegerField()
    annotator = serializers.SerializerMethodField()
    status = fields.CharField(source="annotation.status")
    quote_start = serializers.IntegerField(source="content.start")
    quote_end = serializers.IntegerField(
        source="fragments_end", help_text="The last fragment's end (exclusive)."
    )
    quote_text = fields.CharField(
        source="fragments_text", help_text='The fragments\' texts joined by " … ".'
    )
    quote_fragments = fields.CharField(
        source="fragments_spans_text", help_text="The fragments as `start-end;start-end`."
    )
    quote_type = fields.CharField(source="type")
    speaker_id = serializers.IntegerField(allow_null=True)
    speaker_name = fields.CharField(source="speaker.name", allow_null=True, default=None)
    speaker_wikidata = fields.CharField(source="speaker.wikidata_id", allow_null=True, default=None)
    speaker_mention = MentionSerializer(allow_null=True)
    cue = MentionSerializer(allow_null=True)

    class Meta:
        model = Quote
        fields = quote_row_fields(exporting.CSV_COLUMNS)

    def get_annotator(self, quote: Quote) -> str | None:
        return self.context["annotator_name"](quote.annotation.annotator_id)


class ErrorSerializer(serializers.Serializer):
    """An error: what went wrong, and (for a bad field) which field."""

    detail = fields.CharField()
    field = fields.CharField(required=False)


class ConflictSerializer(serializers.Serializer):
    detail = fields.CharField()
    current_version = serializers.IntegerField()
