"""The concepts (docs/concepts.md): projects, their members, articles, speakers, annotations,
mentions and quotes.

Every rule that PostgreSQL can hold is a constraint here. The rules it cannot hold (a span
inside its article's text, its text equal to the article's slice, an annotated article's text
frozen, a quote's mentions from its own annotation) live in `annotations.spans`, which every
writer calls.
"""

import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from .querysets import ArticleQuerySet, SpeakerQuerySet

# PostgreSQL's char_length counts code points, as our offsets do.
models.TextField.register_lookup(Length)


class Role(models.TextChoices):
    MANAGER = "manager", "Manager"
    REVIEWER = "reviewer", "Reviewer"
    ANNOTATOR = "annotator", "Annotator"
    VIEWER = "viewer", "Viewer"


class Label(models.TextChoices):
    QUOTE = "QUOTE", "Quote"
    SPEAKER = "SPEAKER", "Speaker"
    CUE = "CUE", "Cue"


class QuoteType(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"
    MIXED = "mixed", "Mixed"


class Status(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    SKIPPED = "skipped", "Skipped"
    GOLD = "gold", "Gold"


def _choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class Project(models.Model):
    """A corpus, its guidelines, its team and how many annotators see each article."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    guidelines = models.TextField(blank=True, help_text="Markdown, shown to annotators.")
    overlap = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How many annotators see each article (1 to 5).",
    )
    show_annotator_names = models.BooleanField(
        default=False, help_text="Exports name annotators instead of pseudonymous ids."
    )
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when archived: hidden from annotators, kept whole."
    )
    suggestion_threshold = models.FloatField(
        default=0.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="The workspace hides suggestions whose confidence is below this (0 to 1).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="projects"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overlap__gte=1) & Q(overlap__lte=5), name="project_overlap_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_one_per_user"),
            _choices_check("role", Role, "membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project} as {self.role}"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(models.Model):
    """A news text, stored exactly as imported; frozen once anyone has annotated it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="articles")
    external_id = models.CharField(max_length=255)
    title = models.TextField(blank=True)
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64, editable=False)
    source = models.CharField(max_length=255, blank=True, help_text="The outlet.")
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=255, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_id"], name="article_external_id_unique_in_project"
            ),
            models.CheckConstraint(condition=~Q(external_id=""), name="article_external_id_set"),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
        ]
        indexes = [
            models.Index(fields=["project", "published"], name="article_published"),
            models.Index(fields=["project", "id"], name="article_project_id"),
            models.Index(fields=["project", "source", "id"], name="article_project_source"),
            models.Index(fields=["project", "published", "id"], name="article_published_keyset"),
            GinIndex(SearchVector("title", "text", config="simple"), name="article_search"),
        ]

    def __str__(self) -> str:
        return self.title or self.external_id

    def save(self, *args, **kwargs):
        self.text_sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)


class Speaker(models.Model):
    """A canonical person or organisation that quotes are attributed to."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=255)
    aliases = ArrayField(models.CharField(max_length=255), default=list, blank=True)
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(max_length=20, blank=True, help_text="For example Q317207.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"], name="speaker_name_unique_in_project"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_set"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="speaker_wikidata_id_form",
            ),
        ]
        indexes = [GinIndex(fields=["aliases"], name="speaker_aliases")]

    def __str__(self) -> str:
        return self.name


class Annotation(models.Model):
    """One person's version of one article, or (annotator empty) the article's gold version."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="annotations")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annotations",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change.")
    time_spent = models.PositiveIntegerField(default=0, help_text="Seconds spent annotating.")
    skip_reason = models.TextField(blank=True)
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="Gold only: when a reviewer accepted it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "annotator"],
                condition=Q(annotator__isnull=False),
                name="annotation_one_per_annotator",
            ),
            models.UniqueConstraint(
                fields=["article"], condition=Q(annotator__isnull=True), name="annotation_one_gold"
            ),
            models.CheckConstraint(
                condition=Q(annotator__isnull=True, status=Status.GOLD)
                | Q(annotator__isnull=False, accepted_at__isnull=True) & ~Q(status=Status.GOLD),
                name="annotation_gold_iff_no_annotator",
            ),
            _choices_check("status", Status, "annotation_status_known"),
            models.CheckConstraint(condition=Q(version__gte=1), name="annotation_version_positive"),
        ]
        indexes = [
            models.Index(fields=["annotator", "status"], name="annotation_queue"),
            models.Index(fields=["annotator", "article"], name="annotation_holder_article"),
            # A member's open versions ("next article" returns the oldest one first).
            models.Index(
                fields=["annotator", "article"],
                condition=Q(status__in=[Status.ASSIGNED, Status.IN_PROGRESS]),
                name="annotation_open",
            ),
            models.Index(fields=["status", "article"], name="annotation_status_article"),
        ]

    def __str__(self) -> str:
        who = self.annotator or "gold"
        return f"{self.article} ({who})"

    @property
    def is_gold(self) -> bool:
        return self.annotator_id is None


class Mention(models.Model):
    """A labelled span `[start, end)` of the article text, in code points."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="mentions")
    label = models.CharField(max_length=10, choices=Label.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The article's text[start:end], kept to check offsets.")
    fragment_of = models.ForeignKey(
        "Quote",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="later_fragments",
        help_text="For a QUOTE mention that is a later fragment of a quote in several pieces.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["annotation", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0), name="mention_start_not_negative"),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="mention_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(text__length=F("end") - F("start")), name="mention_text_length_matches"
            ),
            _choices_check("label", Label, "mention_label_known"),
            models.UniqueConstraint(
                fields=["annotation", "label", "start", "end"], name="mention_unique_span"
            ),
            models.CheckConstraint(
                condition=Q(fragment_of__isnull=True) | Q(label=Label.QUOTE),
                name="mention_fragment_is_quote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.start}–{self.end}"


FRAGMENT_JOINER = " … "


class Quote(models.Model):
    """The attribution relation: content, type, and optionally speaker mention, cue, speaker.

    Its content is one or more QUOTE mentions in text order, its fragments (“…,” he said,
    “…”): `content` is the first, and each later one points here by `fragment_of`. So a quote
    in one piece is the row it always was, and quotes sort by where they begin."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="quotes")
    content = models.OneToOneField(Mention, on_delete=models.CASCADE, related_name="quote")
    type = models.CharField(max_length=10, choices=QuoteType.choices, default=QuoteType.DIRECT)
    speaker_mention = models.ForeignKey(
        Mention, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes_spoken"
    )
    cue = models.ForeignKey(
        Mention, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes_cued"
    )
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    origin = models.CharField(
        max_length=40,
        blank=True,
        help_text="Empty when made by hand; the suggester's rule when accepted from a suggestion.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["annotation", "content__start", "id"]
        constraints = [
            _choices_check("type", QuoteType, "quote_type_known"),
            models.CheckConstraint(
                condition=~Q(speaker_mention=F("content")) & ~Q(cue=F("content")),
                name="quote_parts_distinct_from_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} quote {self.content_id}"

    @property
    def fragments(self) -> list[Mention]:
        """The content's mentions in text order (prefetch `later_fragments` for many; a quote
        not saved yet has only its content)."""
        if self._state.adding and "later_fragments" not in getattr(
            self, "_prefetched_objects_cache", {}
        ):
            return [self.content]
        later = sorted(self.later_fragments.all(), key=lambda m: (m.start, m.end, m.pk))
        return [self.content, *later]

    @property
    def fragment_spans(self) -> tuple[tuple[int, int], ...]:
        """The fragments' `(start, end)` in text order: equal for quotes with the same content."""
        return tuple((m.start, m.end) for m in self.fragments)

    @property
    def fragments_end(self) -> int:
        """Where the quote ends: its last fragment's end."""
        return self.fragments[-1].end

    @property
    def fragments_spans_text(self) -> str:
        """The fragments as `start-end;start-end`, the exports' `quote_fragments`."""
        return ";".join(f"{m.start}-{m.end}" for m in self.fragments)

    @property
    def fragments_text(self) -> str:
        """The fragments' texts joined by " … ", as tables and exports show a split quote."""
        return FRAGMENT_JOINER.join(m.text for m in self.fragments)
