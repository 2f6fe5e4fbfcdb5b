"""`load_demo`: the example project, idempotent, with the reference gold annotation."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotations.demo import FIXTURES, PROJECT_SLUG
from annotations.models import Annotation, Article, Membership, Mention, Quote, Speaker

pytestmark = pytest.mark.django_db


def run_load_demo(tmp_path) -> str:
    out = StringIO()
    call_command("load_demo", logins_file=str(tmp_path / "logins.txt"), stdout=out)
    return out.getvalue()


def counts():
    return [
        m.objects.count() for m in (Article, Speaker, Annotation, Mention, Quote, Membership)
    ] + [get_user_model().objects.count()]


def test_first_run_prints_each_demo_login(tmp_path):
    output = run_load_demo(tmp_path)
    for name in ("manager", "annotator1", "annotator2", "reviewer", "viewer"):
        assert name in output
    assert (tmp_path / "logins.txt").stat().st_mode & 0o777 == 0o600


def test_printed_password_logs_in(tmp_path, client):
    run_load_demo(tmp_path)
    name, password = (tmp_path / "logins.txt").read_text().splitlines()[1].split()
    assert client.login(username=name, password=password)


def test_second_run_changes_nothing(tmp_path):
    run_load_demo(tmp_path)
    before = counts()
    output = run_load_demo(tmp_path)
    assert counts() == before
    assert "already loaded" in output


def test_gold_quotes_equal_the_reference(tmp_path):
    run_load_demo(tmp_path)
    reference = json.loads((FIXTURES / "peskov_nato.gold.json").read_text("utf-8"))
    gold = Annotation.objects.get(article__project__slug=PROJECT_SLUG, annotator=None)
    loaded = [
        (
            q.type,
            (q.content.start, q.content.end, q.content.text),
            q.speaker_mention
            and (q.speaker_mention.start, q.speaker_mention.end, q.speaker_mention.text),
            q.cue and (q.cue.start, q.cue.end, q.cue.text),
            q.speaker and q.speaker.name,
        )
        for q in gold.quotes.select_related(
            "content", "speaker_mention", "cue", "speaker"
        ).order_by("id")
    ]
    expected = [
        (
            q["type"],
            (q["content"]["start"], q["content"]["end"], q["content"]["text"]),
            q.get("speaker_mention")
            and tuple(q["speaker_mention"][k] for k in ("start", "end", "text")),
            q.get("cue") and tuple(q["cue"][k] for k in ("start", "end", "text")),
            q.get("speaker"),
        )
        for q in reference["quotes"]
    ]
    assert loaded == expected


def test_demo_article_is_the_example_text_verbatim(tmp_path):
    run_load_demo(tmp_path)
    article = Article.objects.get(project__slug=PROJECT_SLUG)
    assert article.text == (FIXTURES / "peskov_nato.txt").read_text("utf-8")
    assert article.text.count("“") == 2 and "–" in article.text


def test_demo_speakers_have_aliases(tmp_path):
    run_load_demo(tmp_path)
    peskov = Speaker.objects.get(name="Dmitry Peskov")
    assert "Peskov" in peskov.aliases
