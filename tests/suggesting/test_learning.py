"""Learning from the project: cues and speaker names of its gold join the suggester's words,
rules the annotators keep rejecting rank lower or stop, and the dashboard and
`evaluate_suggester --project` measure the suggester against the project's gold."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from annotations import editing
from annotations.models import Label, Role, Speaker, SuggestionDecision
from annotations.suggesting import learning, stored
from annotations.suggesting.confidence import CONFIDENCE
from tests import factories

GOLD_TEXT = "“The figures speak for themselves,” Mr. Adler quipped after the hearing."
NEW_TEXT = "“Nobody reads the small print,” Dr. Imke Vogel quipped."


def gold(project, text, content, speaker_text=None, cue_text=None, speaker=None):
    """An article with a gold annotation of one quote, its parts given as substrings."""
    article = factories.make_article(project, text=text)
    annotation = factories.make_annotation(article)

    def mention(label, phrase):
        if phrase is None:
            return None
        start = text.index(phrase)
        return editing.add_mention(annotation, label=label, start=start, end=start + len(phrase))

    editing.add_quote(
        annotation,
        content=mention(Label.QUOTE, content),
        speaker_mention=mention(Label.SPEAKER, speaker_text),
        cue=mention(Label.CUE, cue_text),
        speaker=speaker,
    )
    return article


def reject(project, annotator, kind: str, times: int, accepted: int = 0):
    article = factories.make_article(project, text="Filler.")
    annotation = factories.make_annotation(article, annotator)
    for number in range(times + accepted):
        decision = "rejected" if number < times else "accepted"
        SuggestionDecision.objects.create(
            annotation=annotation, key=f"k{number}", kind=kind, decision=decision
        )


def test_a_cue_seen_in_gold_joins_the_projects_cues(project):
    gold(project, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", "quipped")
    knowledge = learning.knowledge_for(project)
    assert knowledge.cues == ("quipped",)
    suggestion = knowledge.suggest(NEW_TEXT)[0]
    assert NEW_TEXT[slice(*suggestion.cue)] == "quipped"
    assert NEW_TEXT[slice(*suggestion.speaker_mention)] == "Dr. Imke Vogel"


def test_stored_suggestions_use_what_the_project_taught(project):
    gold(project, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", "quipped")
    article = factories.make_article(project, text=NEW_TEXT)
    (suggestion,) = stored.suggestions_for(article)
    assert suggestion.kind == "direct_marks_after"


def test_a_name_linked_in_gold_becomes_an_alias_of_its_speaker(project):
    adler = Speaker.objects.create(project=project, name="Ruth Adler")
    gold(project, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", None, adler)
    knowledge = learning.knowledge_for(project)
    assert ("Ruth Adler", ("Mr. Adler",)) in [(s.name, s.aliases) for s in knowledge.speakers]


def test_a_rule_the_annotators_keep_rejecting_stops(project, annotator):
    reject(project, annotator, "direct_marks_alone", times=12)
    knowledge = learning.knowledge_for(project)
    assert "direct_marks_alone" in knowledge.stopped
    text = "“Five words and no cue at all.”"
    assert knowledge.suggest(text) == []


def test_a_rule_rejected_half_the_time_ranks_lower(project, annotator):
    reject(project, annotator, "direct_marks_after", times=5, accepted=5)
    (suggestion,) = learning.knowledge_for(project).suggest("“We are ready,” Lopez said.")
    assert suggestion.confidence < CONFIDENCE["direct_marks_after"]
    assert suggestion.confidence == pytest.approx(
        CONFIDENCE["direct_marks_after"] * 0.5 / 0.8, abs=0.001
    )


def test_few_decisions_change_nothing(project, annotator):
    reject(project, annotator, "direct_marks_after", times=3)
    (suggestion,) = learning.knowledge_for(project).suggest("“We are ready,” Lopez said.")
    assert suggestion.confidence == CONFIDENCE["direct_marks_after"]


def test_dashboard_shows_precision_and_recall_per_rule_against_gold(client, project):
    gold(project, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", "quipped")
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    body = client.get(reverse("dashboard", args=[project.slug])).content.decode()
    assert "Suggester against this project" in body
    assert "direct_marks_alone" in body  # "quipped" is no cue of the lexicon
    assert "first 1" in body  # the figures as gold grew


def test_dashboard_figures_cover_the_latest_gold_articles_and_follow_new_gold(project, monkeypatch):
    monkeypatch.setattr(learning, "MAX_DASHBOARD_ARTICLES", 2)
    older = gold(project, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", "quipped")
    gold(project, NEW_TEXT, "Nobody reads the small print,", "Dr. Imke Vogel", "quipped")
    before = learning.rule_figures(project)
    assert [step["gold"] for step in before["growth"]] == [2]
    # A gold quote no rule finds: measured again (not the cached figures), recall falls.
    gold(project, "Ms. Ruiz spoke for an hour.", "spoke for an hour", "Ms. Ruiz")
    figures = learning.rule_figures(project)
    assert [step["gold"] for step in figures["growth"]] == [2]
    assert figures["growth"][0]["recall"] < before["growth"][0]["recall"]
    cache.clear()
    assert learning.rule_figures(project) == figures
    assert learning._latest_gold(project, 5) == sorted(learning._latest_gold(project, 5))[::-1]
    assert older.pk not in learning._latest_gold(project, 2)
    other = factories.make_project()
    gold(other, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", "quipped")
    assert len(learning._latest_gold(project, 5)) == 3  # never another project's gold


def run(*args) -> str:
    out = StringIO()
    call_command("evaluate_suggester", *args, stdout=out)
    return out.getvalue()


def row(output: str, part: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(part + " "))


def test_evaluate_suggester_measures_against_the_projects_gold(project):
    gold(project, GOLD_TEXT, "The figures speak for themselves,", "Mr. Adler", "quipped")
    output = run("--project", project.slug)
    _, precision, recall, *_ = row(output, "quote_overlap")
    assert (float(precision), float(recall)) == (1.0, 1.0)
    assert "1 articles" in output
    _, _, cue_recall, *_ = row(output, "cue")
    _, _, learned_cue_recall, *_ = row(run("--project", project.slug, "--learned"), "cue")
    assert (float(cue_recall), float(learned_cue_recall)) == (0.0, 1.0)


def test_evaluate_suggester_needs_a_file_or_a_project(db):
    with pytest.raises(CommandError, match="--project"):
        run()


def test_a_rule_that_gold_keeps_contradicting_stops(project):
    for number in range(8):
        article = factories.make_article(project, text=f"“Five words, no cue, number {number}.”")
        factories.make_annotation(article)  # gold with no quote in it
    knowledge = learning.knowledge_for(project)
    assert "direct_marks_alone" in knowledge.stopped
    assert knowledge.suggest("“Another five words, no cue.”") == []
