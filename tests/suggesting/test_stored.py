"""Suggestions in the database: stored per article, accepted as ordinary quotes or rejected."""

from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from annotations import editing, importing, tasks
from annotations.models import (
    Article,
    ArticleSuggestions,
    Label,
    Quote,
    Speaker,
    SuggestionDecision,
)
from annotations.suggesting import SUGGESTER_VERSION
from annotations.suggesting import stored as suggesting_services
from tests import factories

FIXTURE = Path(__file__).resolve().parents[2] / "annotations" / "fixtures" / "peskov_nato.jsonl"
TEXT = (
    "Finance Minister Rachel Reeves presented the budget.\n\n"
    "“We will not borrow to pay for everyday spending,” Reeves told reporters.\n\n"
    "She added that growth would return by the spring."
)


@pytest.fixture
def article(project):
    factories.make_speaker(project, "Rachel Reeves", aliases=["Reeves"])
    return factories.make_article(project, text=TEXT)


@pytest.fixture
def annotation(article, annotator):
    return factories.make_annotation(article, annotator)


def key_of(article, kind: str) -> str:
    return next(s.key for s in suggesting_services.suggestions_for(article) if s.kind == kind)


def test_computing_stores_the_suggestions_with_their_texts(article):
    stored = suggesting_services.compute_for_article(article)
    assert stored.suggester_version == SUGGESTER_VERSION
    contents = [s["content"]["text"] for s in stored.quotes]
    assert contents == [
        "We will not borrow to pay for everyday spending,",
        "growth would return by the spring",
    ]


def test_computing_again_replaces_the_stored_row(article):
    suggesting_services.compute_for_article(article)
    suggesting_services.compute_for_articles([article.pk])
    assert ArticleSuggestions.objects.filter(article=article).count() == 1


def test_accepting_makes_an_ordinary_quote_marked_with_its_rule(article, annotation, annotator):
    key = key_of(article, "direct_marks_after")
    quote = suggesting_services.accept(annotation, key, actor=annotator, expected_version=1)
    quote = Quote.objects.select_related("content", "speaker_mention", "cue", "speaker").get(
        pk=quote.pk
    )
    assert quote.origin == "direct_marks_after"
    assert quote.content.text == "We will not borrow to pay for everyday spending,"
    assert quote.speaker_mention.text == "Reeves"
    assert quote.cue.text == "told reporters"
    assert quote.speaker.name == "Rachel Reeves"
    assert quote.type == "direct"


def test_accepting_records_the_decision_and_the_suggestion_is_no_longer_pending(
    article, annotation
):
    key = key_of(article, "direct_marks_after")
    suggesting_services.accept(annotation, key)
    assert SuggestionDecision.objects.get(annotation=annotation, key=key).decision == "accepted"
    assert key not in {s.key for s in suggesting_services.pending_for(annotation)}


def test_accepting_with_a_stale_version_changes_nothing(article, annotation):
    key = key_of(article, "direct_marks_after")
    with pytest.raises(editing.StaleVersion):
        suggesting_services.accept(annotation, key, expected_version=7)
    assert not annotation.mentions.exists()
    assert not SuggestionDecision.objects.exists()


def test_accepting_reuses_an_identical_mention(article, annotation):
    start = TEXT.index("Reeves told")
    existing = editing.add_mention(annotation, label=Label.SPEAKER, start=start, end=start + 6)
    quote = suggesting_services.accept(annotation, key_of(article, "direct_marks_after"))
    assert quote.speaker_mention_id == existing.pk
    assert annotation.mentions.filter(label=Label.SPEAKER).count() == 1


def test_accepting_a_proposed_new_speaker_creates_it_in_the_project(project, annotator):
    article = factories.make_article(project, text="“The answer is no,” Ivan Petrov said.")
    annotation = factories.make_annotation(article, annotator)
    quote = suggesting_services.accept(annotation, key_of(article, "direct_marks_after"))
    assert Speaker.objects.get(project=project, name="Ivan Petrov") == quote.speaker


def test_rejecting_leaves_the_annotation_unchanged(article, annotation):
    key = key_of(article, "indirect_that")
    suggesting_services.reject(annotation, key)
    annotation.refresh_from_db()
    assert annotation.version == 1 and not annotation.mentions.exists()
    assert SuggestionDecision.objects.get(key=key).decision == "rejected"


def test_a_decided_suggestion_cannot_be_decided_again(article, annotation):
    key = key_of(article, "indirect_that")
    suggesting_services.reject(annotation, key)
    with pytest.raises(editing.EditError, match="already decided"):
        suggesting_services.accept(annotation, key)


def test_unknown_key_is_refused(annotation):
    with pytest.raises(editing.EditError, match="no suggestion"):
        suggesting_services.accept(annotation, "0123456789")


def test_accept_all_takes_every_pending_suggestion(article, annotation):
    quotes = suggesting_services.accept_all(annotation, expected_version=1)
    assert [q.origin for q in quotes] == ["direct_marks_after", "indirect_that"]
    assert suggesting_services.pending_for(annotation) == []
    speaker_of_pronoun = Quote.objects.get(origin="indirect_that").speaker.name
    assert speaker_of_pronoun == "Rachel Reeves"


def test_accept_all_with_a_stale_version_accepts_none(article, annotation):
    with pytest.raises(editing.StaleVersion):
        suggesting_services.accept_all(annotation, expected_version=3)
    assert not Quote.objects.exists() and not SuggestionDecision.objects.exists()


def test_acceptance_rates_per_rule(article, annotation, project):
    suggesting_services.accept(annotation, key_of(article, "direct_marks_after"))
    suggesting_services.reject(annotation, key_of(article, "indirect_that"))
    rates = {row["kind"]: row for row in suggesting_services.acceptance_rates(project)}
    assert rates["direct_marks_after"]["rate"] == 1.0
    assert rates["indirect_that"]["accepted"] == 0
    assert rates["indirect_that"]["rejected"] == 1


def test_suggestions_are_computed_on_first_read(article):
    assert not ArticleSuggestions.objects.filter(article=article).exists()
    assert len(suggesting_services.suggestions_for(article)) == 2
    assert ArticleSuggestions.objects.filter(article=article).exists()


def import_example(project, tmp_path, **options):
    path = tmp_path / "peskov.jsonl"
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    opts = importing.ImportOptions.build(**options)
    result = importing.run_import(project, [(str(path), path.name)], opts)
    tasks.queue_suggestions(project.pk, result)
    return result


def test_import_queues_the_suggestion_task_for_its_articles(project, tmp_path):
    import_example(project, tmp_path)
    (task,) = DBTaskResult.objects.filter(task_path="annotations.tasks.suggest_articles")
    assert task.args_kwargs["args"] == [[Article.objects.get(project=project).pk]]


def test_the_queued_task_stores_the_suggestions(project, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    import_example(project, tmp_path)
    stored = ArticleSuggestions.objects.get(article__project=project)
    assert len(stored.quotes) == 11


def test_a_dry_run_queues_nothing(project, tmp_path):
    import_example(project, tmp_path, dry_run=True)
    assert not DBTaskResult.objects.filter(task_path="annotations.tasks.suggest_articles").exists()
