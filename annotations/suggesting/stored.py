"""Suggestions in the database: computing and storing them per article, and an annotator's
accept / reject decisions. An accepted suggestion becomes an ordinary quote written through
`editing`, with `origin` set to the rule that proposed it."""

import json

from django.db import connection, transaction
from django.db.models import Count, Q

from .. import editing
from ..models import (
    Annotation,
    Article,
    ArticleSuggestions,
    Label,
    Mention,
    Project,
    Quote,
    SuggestionDecision,
)
from .learning import Knowledge, knowledge_for, project_speakers
from .rules import SUGGESTER_VERSION, Suggestion

Decision = SuggestionDecision.Decision
__all__ = ["project_speakers"]  # where callers have always found it


def compute_for_article(article: Article, knowledge: Knowledge | None = None) -> ArticleSuggestions:
    """Run the suggester on one article, with what its project taught it, and store what it
    proposes (replacing older runs)."""
    knowledge = knowledge or knowledge_for(article.project)
    found = knowledge.suggest(article.text)
    stored, _ = ArticleSuggestions.objects.update_or_create(
        article=article,
        defaults={
            "suggester_version": SUGGESTER_VERSION,
            "quotes": [s.as_dict(article.text) for s in found],
        },
    )
    return stored


def discard_for_article(article_id: int) -> None:
    """Forget the article's stored suggestions, so that they count as missing until the next
    run stores new ones (the workspace's "Suggest" queues that run)."""
    ArticleSuggestions.objects.filter(article_id=article_id).delete()


def compute_for_articles(article_ids, batch_size: int = 100) -> int:
    """Compute suggestions for many articles (the import's background task), a batch at a
    time in id order: one read of the texts and of each project's speakers, one INSERT … ON
    CONFLICT of the results, committed, so the first articles are ready first; each project's
    lessons (`knowledge_for`) read once. Returns how many."""
    article_ids = sorted(article_ids)
    count = 0
    learned: dict[int, Knowledge] = {}
    for first in range(0, len(article_ids), batch_size):
        batch = Article.objects.filter(pk__in=article_ids[first : first + batch_size])
        rows = []
        for article_id, project_id, text in batch.values_list("pk", "project_id", "text"):
            if project_id not in learned:
                learned[project_id] = knowledge_for(Project.objects.get(pk=project_id))
            found = learned[project_id].suggest(text)
            rows.append((article_id, [s.as_dict(text) for s in found]))
        _store(rows)
        count += len(rows)
    return count


def _store(rows: list[tuple[int, list[dict]]]) -> None:
    """Store computed suggestions, replacing older ones, in one statement."""
    if not rows:
        return
    table = ArticleSuggestions._meta.db_table
    values = ", ".join(["(%s, %s, now(), %s::jsonb)"] * len(rows))
    params = []
    for article_id, quotes in rows:
        params += [article_id, SUGGESTER_VERSION, json.dumps(quotes)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, suggester_version, computed_at, quotes)"
            f" VALUES {values} ON CONFLICT (article_id) DO UPDATE SET"
            " suggester_version = EXCLUDED.suggester_version,"
            " computed_at = EXCLUDED.computed_at, quotes = EXCLUDED.quotes",
            params,
        )


def written_article_ids(project_id: int, written_at) -> list[int]:
    """The ids of the articles an import wrote (stamped `written_at`), in id order."""
    return list(
        Article.objects.filter(project_id=project_id, updated_at=written_at)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def suggestions_for(article: Article) -> list[Suggestion]:
    """The article's stored suggestions, computed now if missing or from an older suggester."""
    stored = ArticleSuggestions.objects.filter(article=article).first()
    if stored is None or stored.suggester_version != SUGGESTER_VERSION:
        stored = compute_for_article(article)
    return [Suggestion.from_dict(data) for data in stored.quotes]


def ready_suggestions(article: Article) -> list[Suggestion] | None:
    """The article's stored suggestions, or None while they are missing or stale (the
    workspace then asks for them in the background and shows them when they are ready)."""
    stored = ArticleSuggestions.objects.filter(article=article).first()
    if stored is None or stored.suggester_version != SUGGESTER_VERSION:
        return None
    return [Suggestion.from_dict(data) for data in stored.quotes]


def pending_for(annotation: Annotation, *, ready_only: bool = False) -> list[Suggestion] | None:
    """Suggestions the annotator has not decided on, whose content is not a quote yet and
    whose confidence reaches the project's threshold. With `ready_only`, None while the
    article's suggestions are not computed yet (nothing is computed here)."""
    article = annotation.article
    found = ready_suggestions(article) if ready_only else suggestions_for(article)
    if found is None:
        return None
    decided = set(annotation.suggestion_decisions.values_list("key", flat=True))
    quoted = set(
        Quote.objects.filter(annotation=annotation).values_list("content__start", "content__end")
    )
    threshold = article.project.suggestion_threshold
    return [
        s
        for s in found
        if s.key not in decided and s.content not in quoted and s.confidence >= threshold
    ]


def set_threshold(project: Project, value) -> Project:
    """A manager's choice: hide suggestions whose confidence is below `value` (0 to 1)."""
    try:
        threshold = float(value)
    except (TypeError, ValueError) as error:
        raise editing.EditError("suggestion_threshold", "must be a number from 0 to 1") from error
    if not 0.0 <= threshold <= 1.0:
        raise editing.EditError("suggestion_threshold", "must be a number from 0 to 1")
    project.suggestion_threshold = threshold
    project.save(update_fields=["suggestion_threshold"])
    return project


def accept(
    annotation: Annotation, suggestion_key: str, *, actor=None, expected_version: int | None = None
) -> Quote:
    """Make the suggestion an ordinary quote of the annotation, with its mentions and speaker."""
    suggestion = _pending(annotation, suggestion_key)
    with transaction.atomic():
        return _accept(annotation, suggestion, actor, expected_version)


def reject(annotation: Annotation, suggestion_key: str, *, actor=None) -> SuggestionDecision:
    """Record that the annotator turned the suggestion down; the annotation does not change."""
    suggestion = _pending(annotation, suggestion_key)
    return SuggestionDecision.objects.create(
        annotation=annotation, key=suggestion.key, kind=suggestion.kind, decision=Decision.REJECTED
    )


def accept_all(
    annotation: Annotation, *, actor=None, expected_version: int | None = None
) -> list[Quote]:
    """Accept every pending suggestion, all or nothing (a stale version changes nothing)."""
    quotes = []
    with transaction.atomic():
        for suggestion in pending_for(annotation):
            quotes.append(_accept(annotation, suggestion, actor, expected_version))
            expected_version = None if expected_version is None else annotation.version
    return quotes


def acceptance_rates(project: Project) -> list[dict]:
    """Per rule: how many suggestions annotators accepted and rejected, and the accepted share."""
    rows = (
        SuggestionDecision.objects.filter(annotation__article__project=project)
        .values("kind")
        .annotate(
            accepted=Count("id", filter=Q(decision=Decision.ACCEPTED)),
            rejected=Count("id", filter=Q(decision=Decision.REJECTED)),
        )
        .order_by("kind")
    )
    return [{**row, "rate": _share(row)} for row in rows]


def _share(row: dict) -> float:
    decided = row["accepted"] + row["rejected"]
    return row["accepted"] / decided if decided else 0.0


def _pending(annotation: Annotation, key: str) -> Suggestion:
    for suggestion in suggestions_for(annotation.article):
        if suggestion.key == key:
            if annotation.suggestion_decisions.filter(key=key).exists():
                raise editing.EditError("suggestion", f"suggestion {key} was already decided")
            return suggestion
    raise editing.EditError("suggestion", f"no suggestion {key} for this article")


def _accept(annotation: Annotation, suggestion, actor, expected_version: int | None) -> Quote:
    """Write the suggestion's quote and record the decision (inside the caller's transaction)."""
    quote = _write_quote(annotation, suggestion, actor, expected_version)
    SuggestionDecision.objects.create(
        annotation=annotation, key=suggestion.key, kind=suggestion.kind, decision=Decision.ACCEPTED
    )
    return quote


def _write_quote(annotation: Annotation, suggestion: Suggestion, actor, expected_version):
    """Mentions first (reusing identical ones), then the quote; each write raises the version."""
    version = {"value": expected_version}

    def mention(label: str, span) -> Mention | None:
        if span is None:
            return None
        existing = Mention.objects.filter(
            annotation=annotation, label=label, start=span[0], end=span[1]
        ).first()
        if existing:
            return existing
        created = editing.add_mention(
            annotation,
            label=label,
            start=span[0],
            end=span[1],
            actor=actor,
            expected_version=version["value"],
        )
        version["value"] = None if version["value"] is None else annotation.version
        return created

    content = mention(Label.QUOTE, suggestion.content)
    speaker_mention = mention(Label.SPEAKER, suggestion.speaker_mention)
    cue = mention(Label.CUE, suggestion.cue)
    speaker = None
    if suggestion.speaker:
        speaker = editing.ensure_speaker(annotation.article.project_id, suggestion.speaker)
    quote = editing.add_quote(
        annotation,
        content=content,
        type=suggestion.type,
        speaker_mention=speaker_mention,
        cue=cue,
        speaker=speaker,
        origin=suggestion.kind,
        actor=actor,
        expected_version=version["value"],
    )
    version["value"] = None if version["value"] is None else annotation.version
    for span in suggestion.fragments:  # “A,” he said, “B.”: one quote in several pieces
        piece = mention(Label.QUOTE, span)
        quote = editing.add_fragment(
            annotation, quote, piece, actor=actor, expected_version=version["value"]
        )
        version["value"] = None if version["value"] is None else annotation.version
    return quote
