"""What the API reads and writes. Serializers shape data and check its form; the rules (spans,
roles, versions) stay in `spans`, `roles` and `editing`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import editing, limits
from ..models import Annotation, Article, Label, Project, Quote, QuoteType, Speaker, Status


class ProjectSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="Your role in the project.")

    class Meta:
        model = Project
        fields = ["slug", "name", "description", "guidelines", "overlap", "role", "created_at"]

    def get_role(self, project: Project) -> str:
        return self.context["roles"].get(project.pk, "")


class ArticleSerializer(serializers.ModelSerializer):
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


class SpeakerSerializer(serializers.ModelSerializer):
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
    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        allow_blank=True,
        help_text="If given, must equal the article's text[start:end] (code points).",
    )


class QuoteSerializer(serializers.Serializer):
    """A quote; `content`, `speaker_mention` and `cue` are ids of mentions of the same annotation,
    `speaker` the id of one of the project's speakers."""

    id = serializers.IntegerField(read_only=True)
    type = serializers.ChoiceField(choices=QuoteType.choices, default=QuoteType.DIRECT)
    content = serializers.IntegerField()
    speaker_mention = serializers.IntegerField(allow_null=True, required=False, default=None)
    cue = serializers.IntegerField(allow_null=True, required=False, default=None)
    speaker = serializers.IntegerField(allow_null=True, required=False, default=None)
    origin = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)


class AnnotationSerializer(serializers.ModelSerializer):
    """An annotation with its mentions and quotes, as `editing.snapshot` has them."""

    annotator = serializers.SerializerMethodField(
        help_text="Null for the gold version; a username, or a pseudonymous id for viewers."
    )
    article = serializers.CharField(source="article.external_id", read_only=True)
    mentions = serializers.SerializerMethodField()
    quotes = serializers.SerializerMethodField()

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
        ]

    def get_annotator(self, annotation: Annotation) -> str | None:
        return self.context["annotator_name"](annotation.annotator_id)

    @extend_schema_field(MentionSerializer(many=True))
    def get_mentions(self, annotation: Annotation) -> list[dict]:
        mentions = sorted(annotation.mentions.all(), key=lambda m: (m.start, m.end, m.pk))
        return MentionSerializer(mentions, many=True).data

    @extend_schema_field(QuoteSerializer(many=True))
    def get_quotes(self, annotation: Annotation) -> list[dict]:
        quotes = sorted(annotation.quotes.all(), key=lambda q: (q.content.start, q.pk))
        return [editing.quote_data(q) for q in quotes]


class AnnotationContentsSerializer(serializers.Serializer):
    """An annotation's status, time and contents as a request sends them."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    skip_reason = serializers.CharField(
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
    mentions = MentionSerializer(many=True, required=False)
    quotes = QuoteSerializer(many=True, required=False)


class AnnotationWriteSerializer(AnnotationContentsSerializer):
    """A change to an annotation. `mentions` and `quotes` replace the annotation's contents;
    on PATCH an absent one keeps what is stored. `version` is the version you read (an
    If-Match header may carry it instead): if the annotation changed since, the answer is 409."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class AnnotationCreateSerializer(AnnotationContentsSerializer):
    gold = serializers.BooleanField(
        default=False, help_text="Create the article's gold version (reviewers and managers)."
    )


class QuoteRowSerializer(serializers.ModelSerializer):
    """One quote across a project, flat: the export's columns, as the caller may see them."""

    article_id = serializers.CharField(source="annotation.article.external_id")
    article_title = serializers.CharField(source="annotation.article.title")
    article_source = serializers.CharField(source="annotation.article.source")
    article_published = serializers.DateField(
        source="annotation.article.published", allow_null=True
    )
    annotation_id = serializers.IntegerField()
    annotator = serializers.SerializerMethodField()
    status = serializers.CharField(source="annotation.status")
    quote_start = serializers.IntegerField(source="content.start")
    quote_end = serializers.IntegerField(source="content.end")
    quote_text = serializers.CharField(source="content.text")
    quote_type = serializers.CharField(source="type")
    speaker_id = serializers.IntegerField(allow_null=True)
    speaker_name = serializers.CharField(source="speaker.name", allow_null=True, default=None)
    speaker_wikidata = serializers.CharField(
        source="speaker.wikidata_id", allow_null=True, default=None
    )
    speaker_mention = MentionSerializer(allow_null=True)
    cue = MentionSerializer(allow_null=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "article_id",
            "article_title",
            "article_source",
            "article_published",
            "annotation_id",
            "annotator",
            "status",
            "quote_start",
            "quote_end",
            "quote_text",
            "quote_type",
            "speaker_id",
            "speaker_name",
            "speaker_wikidata",
            "speaker_mention",
            "cue",
            "origin",
            "created_at",
            "updated_at",
        ]

    def get_annotator(self, quote: Quote) -> str | None:
        return self.context["annotator_name"](quote.annotation.annotator_id)


class ErrorSerializer(serializers.Serializer):
    """An error: what went wrong, and (for a bad field) which field."""

    detail = serializers.CharField()
    field = serializers.CharField(required=False)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class QuoteCountSerializer(serializers.Serializer):
    quotes = serializers.IntegerField()
