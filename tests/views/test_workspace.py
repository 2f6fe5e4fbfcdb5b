"""The workspace page and its htmx endpoints, through Django's test client.
Its query counts do not grow with the quotes it shows."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import editing
from annotations.models import Annotation, AnnotationEvent, Label, Mention, Quote, Role, Status
from tests import factories

TEXT = "Intro line.\n\nAlice said: “We will win,” and left. Bob agreed."


#       0123456789012 3456789012345 678901234567 8


def _span(text, fragment):
    start = text.index(fragment)
    return start, start + len(fragment)


@pytest.fixture
def logged_in(client, annotator):
    client.force_login(annotator)
    return client


@pytest.fixture
def story(project, annotator):
    """An article assigned to the annotator."""
    article = factories.make_article(project, text=TEXT, title="A story")
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    return article


def _open(client, project, article):
    response = client.get(reverse("workspace", args=[project.slug, article.pk]))
    assert response.status_code == 200
    annotation = Annotation.objects.get(article=article, annotator=response.wsgi_request.user)
    return response, annotation


def _base(project, annotation):
    return reverse("ws_annotation", args=[project.slug, annotation.pk])


def _mark(client, project, annotation, label, start, end, **extra):
    annotation.refresh_from_db()
    data = {"label": label, "start": start, "end": end, "version": annotation.version, **extra}
    return client.post(_base(project, annotation) + "mentions/", data)


# Session, user, membership (with project), article, annotation, mentions (with their
# quotes and speakers).
PAGE_QUERIES = 7


# Saving: the request's reads, the write through `editing` (version bump, the insert that
# also finds a duplicate, history event with its snapshot), and one read to re-render.
SAVE_QUERIES = 10


SENTENCE = "“Words {n} here,” Alice said.\n"


def _article_with_quotes(project, annotator, count: int):
    """An article of `count` sentences, each a quote with speaker mention, cue and speaker."""
    lines = [SENTENCE.format(n=n) for n in range(count)]
    article = factories.make_article(project, text="".join(lines))
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    annotation = editing.own_annotation(article, annotator)
    speaker = factories.make_speaker(project, f"Alice {count}")
    offset = 0
    for n, line in enumerate(lines):
        content_end = offset + 1 + len(f"Words {n} here,")
        content = editing.add_mention(
            annotation, label=Label.QUOTE, start=offset + 1, end=content_end
        )
        name = offset + line.index("Alice")
        who = editing.add_mention(annotation, label=Label.SPEAKER, start=name, end=name + 5)
        cue = editing.add_mention(annotation, label=Label.CUE, start=name + 6, end=name + 10)
        editing.add_quote(
            annotation, content=content, speaker_mention=who, cue=cue, speaker=speaker
        )
        offset += len(line)
    return article


def test_page_shows_title_metadata_and_text(logged_in, project, story):
    response, _ = _open(logged_in, project, story)
    html = response.content.decode()
    assert "A story" in html
    assert story.external_id in html
    assert "We will win" in html


def test_page_sends_a_csp_that_forbids_inline_scripts(logged_in, project, story):
    response, _ = _open(logged_in, project, story)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert b"<script>" not in response.content


def test_script_in_title_and_text_is_escaped(logged_in, project):
    article = factories.make_article(
        project,
        title="<script>alert(1)</script>",
        text="Hi <img src=x onerror=alert(2)> there, <script>alert(3)</script>.",
    )
    factories.make_annotation(article, project.memberships.get().user, status=Status.ASSIGNED)
    response, _ = _open(logged_in, project, article)
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_marking_a_quote_between_quote_marks_makes_a_direct_quote(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    start, end = _span(TEXT, "We will win,")
    response = _mark(logged_in, project, annotation, "QUOTE", start, end)
    assert response.status_code == 200
    quote = Quote.objects.get(annotation=annotation)
    assert (quote.content.start, quote.content.end, quote.type) == (start, end, "direct")
    assert f'data-quote="{quote.pk}"' in response.content.decode()


def test_a_quote_outside_quote_marks_is_indirect(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    start, end = _span(TEXT, "Bob agreed")
    _mark(logged_in, project, annotation, "QUOTE", start, end)
    assert Quote.objects.get(annotation=annotation).type == "indirect"


def test_selection_is_trimmed_of_white_space(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    start, end = _span(TEXT, " and left. ")
    _mark(logged_in, project, annotation, "CUE", start, end)
    assert Mention.objects.get(annotation=annotation).text == "and left."


def test_speaker_marked_while_editing_a_quote_is_linked_to_it(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    quote = Quote.objects.get(annotation=annotation)
    _mark(logged_in, project, annotation, "SPEAKER", *_span(TEXT, "Alice"), quote=quote.pk)
    _mark(logged_in, project, annotation, "CUE", *_span(TEXT, "said"), quote=quote.pk)
    quote.refresh_from_db()
    assert (quote.speaker_mention.text, quote.cue.text) == ("Alice", "said")


def test_span_outside_the_text_is_refused_with_a_message(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    response = _mark(logged_in, project, annotation, "QUOTE", 10, 9999)
    assert response.status_code == 400
    assert "ends after the text" in response.content.decode()
    assert not Mention.objects.filter(annotation=annotation).exists()


def test_span_whose_text_differs_is_refused(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    start, end = _span(TEXT, "Alice")
    response = _mark(logged_in, project, annotation, "SPEAKER", start, end, text="Alicf")
    assert response.status_code == 400
    assert "should read" in response.content.decode()


def test_stale_version_is_refused_with_409_and_changes_nothing(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    url = _base(project, annotation) + "mentions/"
    start, end = _span(TEXT, "Alice")
    data = {"label": "SPEAKER", "start": start, "end": end, "version": annotation.version}
    assert logged_in.post(url, data).status_code == 200
    stale = logged_in.post(url, {**data, "label": "CUE"})
    assert stale.status_code == 409
    assert "changed elsewhere" in stale.content.decode()
    assert Mention.objects.filter(annotation=annotation).count() == 1


def test_quote_type_speaker_and_canonical_speaker_can_be_changed(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    quote = Quote.objects.get(annotation=annotation)
    alice = factories.make_speaker(project, "Alice Smith", aliases=["Alice"])
    annotation.refresh_from_db()
    url = reverse("ws_quote", args=[project.slug, annotation.pk, quote.pk])
    response = logged_in.post(
        url, {"type": "mixed", "speaker": alice.pk, "version": annotation.version}
    )
    assert response.status_code == 200
    quote.refresh_from_db()
    assert (quote.type, quote.speaker) == ("mixed", alice)


def test_new_speaker_is_created_in_the_project_and_linked(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    quote = Quote.objects.get(annotation=annotation)
    annotation.refresh_from_db()
    url = reverse("ws_quote", args=[project.slug, annotation.pk, quote.pk])
    logged_in.post(url, {"new_speaker": "  Alice   Walker ", "version": annotation.version})
    quote.refresh_from_db()
    assert quote.speaker.name == "Alice Walker"
    assert quote.speaker.project == project


def test_speaker_autocomplete_matches_aliases(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    quote = Quote.objects.get(annotation=annotation)
    factories.make_speaker(project, "Dmitry Peskov", aliases=["Kremlin spokesperson"])
    factories.make_speaker(project, "Jens Stoltenberg")
    response = logged_in.get(
        reverse("ws_speakers", args=[project.slug, annotation.pk]),
        {"q": "kremlin", "quote": quote.pk},
    )
    html = response.content.decode()
    assert "Dmitry Peskov" in html
    assert "Stoltenberg" not in html
    assert "New speaker “kremlin”" in html


def test_deleting_a_quote_removes_its_content_span(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    quote = Quote.objects.get(annotation=annotation)
    annotation.refresh_from_db()
    url = reverse("ws_quote_delete", args=[project.slug, annotation.pk, quote.pk])
    assert logged_in.post(url, {"version": annotation.version}).status_code == 200
    assert not Mention.objects.filter(annotation=annotation).exists()


def test_undo_restores_the_contents_before_the_last_change(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "SPEAKER", *_span(TEXT, "Alice"))
    annotation.refresh_from_db()
    before = annotation.version  # the version the CUE change starts from
    response = _mark(logged_in, project, annotation, "CUE", *_span(TEXT, "said"))
    trigger = json.loads(response.headers["HX-Trigger"])
    assert trigger["annotationChanged"] == {"before": before}
    annotation.refresh_from_db()
    logged_in.post(
        _base(project, annotation) + "undo/",
        {"to_version": before, "version": annotation.version},
    )
    labels = list(Mention.objects.filter(annotation=annotation).values_list("label", flat=True))
    assert labels == [Label.SPEAKER]


def test_submit_records_status_and_time_and_opens_the_next_article(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _started_an_hour_ago(annotation)
    response = logged_in.post(
        _base(project, annotation) + "status/",
        {"status": "submitted", "time_spent": "42", "version": annotation.version},
    )
    assert response.headers["HX-Redirect"] == reverse("next_article", args=[project.slug])
    annotation.refresh_from_db()
    assert (annotation.status, annotation.time_spent) == (Status.SUBMITTED, 42)


def test_skip_needs_a_reason(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    response = logged_in.post(
        _base(project, annotation) + "status/", {"status": "skipped", "version": annotation.version}
    )
    assert response.status_code == 400
    assert "say why" in response.content.decode().lower()


def test_time_is_added_without_a_new_version(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _started_an_hour_ago(annotation)
    logged_in.post(_base(project, annotation) + "time/", {"time_spent": "30"})
    annotation.refresh_from_db()
    assert (annotation.time_spent, annotation.version) == (30, 1)


def _started_an_hour_ago(annotation):
    """Time spent counts within the time since the start; tests report it at once."""
    Annotation.objects.filter(pk=annotation.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)
    )


def test_next_article_skips_submitted_ones(logged_in, annotator, project, story):
    second = factories.make_article(project)
    Annotation.objects.filter(article=story).update(status=Status.SUBMITTED)
    response = logged_in.post(reverse("next_article", args=[project.slug]))
    assert response.url == reverse("workspace", args=[project.slug, second.pk])


def test_home_shows_progress_and_next_article(logged_in, annotator, project, story):
    factories.make_annotation(factories.make_article(project), annotator, status=Status.ASSIGNED)
    Annotation.objects.filter(article=story).update(status=Status.SUBMITTED)
    html = logged_in.get(reverse("home")).content.decode()
    assert "1 / 2" in html
    assert reverse("next_article", args=[project.slug]) in html


def test_another_annotator_cannot_read_or_write_my_annotation(client, project, story, annotator):
    annotation = Annotation.objects.get(article=story, annotator=annotator)
    other = factories.add_member(project, role=Role.ANNOTATOR)
    client.force_login(other)
    assert client.get(_base(project, annotation)).status_code == 404
    response = client.post(
        _base(project, annotation) + "mentions/",
        {"label": "QUOTE", "start": 0, "end": 5, "version": annotation.version},
    )
    assert response.status_code == 404


def test_article_not_assigned_is_404_for_an_annotator(logged_in, project):
    article = factories.make_article(project)
    assert logged_in.get(reverse("workspace", args=[project.slug, article.pk])).status_code == 404


def test_outsider_gets_404_for_the_workspace(client, project, story):
    client.force_login(factories.make_user())
    assert client.get(reverse("workspace", args=[project.slug, story.pk])).status_code == 404


def test_gold_workspace_is_403_for_annotators(logged_in, project, story):
    url = reverse("workspace_gold", args=[project.slug, story.pk])
    assert logged_in.get(url).status_code == 403


def test_gold_workspace_opens_for_reviewers(client, project, story):
    client.force_login(factories.add_member(project, role=Role.REVIEWER))
    response = client.get(reverse("workspace_gold", args=[project.slug, story.pk]))
    assert response.status_code == 200
    assert "gold version" in response.content.decode()


def test_guidelines_markdown_is_rendered_without_scripts(logged_in, project, story):
    project.guidelines = "# Rules\n\n**Mark** quotes.\n\n<script>alert(1)</script>"
    project.save()
    html = _open(logged_in, project, story)[0].content.decode()
    assert "<strong>Mark</strong>" in html
    assert "alert(1)" not in html.split("Guidelines", 1)[1]


def test_history_records_each_workspace_change(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    actions = list(
        AnnotationEvent.objects.filter(annotation=annotation).values_list("action", flat=True)
    )
    assert actions == ["mention_created", "quote_created"]


def test_reviewer_may_read_but_not_change_an_annotators_version(client, project, story, annotator):
    annotation = Annotation.objects.get(article=story, annotator=annotator)
    client.force_login(factories.add_member(project, role=Role.REVIEWER))
    assert client.get(_base(project, annotation)).status_code == 200
    response = client.post(
        _base(project, annotation) + "mentions/",
        {"label": "QUOTE", "start": 0, "end": 5, "version": annotation.version},
    )
    assert response.status_code == 403
    assert not Mention.objects.filter(annotation=annotation).exists()


def test_missing_version_is_refused_with_a_message(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    response = logged_in.post(
        _base(project, annotation) + "mentions/", {"label": "QUOTE", "start": 0, "end": 5}
    )
    assert response.status_code == 400
    assert "Version must be a whole number." in response.content.decode()


def test_selection_of_only_white_space_is_refused(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    response = _mark(logged_in, project, annotation, "CUE", 11, 13)
    assert response.status_code == 400
    assert "only white space" in response.content.decode()


def test_new_speaker_is_not_created_when_the_version_is_stale(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    _mark(logged_in, project, annotation, "QUOTE", *_span(TEXT, "We will win,"))
    quote = Quote.objects.get(annotation=annotation)
    url = reverse("ws_quote", args=[project.slug, annotation.pk, quote.pk])
    response = logged_in.post(url, {"new_speaker": "Alice Walker", "version": 1})
    assert response.status_code == 409
    assert not project.speakers.exists()


def test_linking_to_a_quote_of_another_annotation_marks_nothing(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    other = factories.make_annotation(factories.make_article(project), None)
    content = Mention.objects.create(annotation=other, label="QUOTE", start=0, end=4, text="Alic")
    foreign = Quote.objects.create(annotation=other, content=content)
    response = _mark(logged_in, project, annotation, "SPEAKER", 13, 18, quote=foreign.pk)
    assert response.status_code == 400
    assert not Mention.objects.filter(annotation=annotation).exists()


def test_workspace_cannot_reopen_a_submitted_article(logged_in, project, story):
    _, annotation = _open(logged_in, project, story)
    Annotation.objects.filter(pk=annotation.pk).update(status=Status.SUBMITTED)
    response = logged_in.post(
        _base(project, annotation) + "status/",
        {"status": "in_progress", "version": annotation.version},
    )
    assert response.status_code == 403
    assert "read-only until a manager reopens it" in response.text
    annotation.refresh_from_db()
    assert annotation.status == Status.SUBMITTED


@pytest.mark.parametrize("count", [1, 30])
def test_workspace_page_query_count_does_not_grow_with_quotes(
    client, project, annotator, count, django_assert_num_queries
):
    article = _article_with_quotes(project, annotator, count)
    client.force_login(annotator)
    url = reverse("workspace", args=[project.slug, article.pk])
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("data-quote-row=") == count


@pytest.mark.parametrize("count", [1, 30])
def test_saved_mention_answer_query_count_does_not_grow_with_quotes(
    client, project, annotator, count, django_assert_num_queries
):
    """Saving re-renders the annotation; that too must not query per quote."""
    article = _article_with_quotes(project, annotator, count)
    annotation = editing.own_annotation(article, annotator)
    client.force_login(annotator)
    url = reverse("ws_mentions", args=[project.slug, annotation.pk])
    data = {"label": "CUE", "start": 0, "end": 1, "version": annotation.version}
    with django_assert_num_queries(SAVE_QUERIES):
        response = client.post(url, data)
    assert response.status_code == 200


PARAGRAPH = "“Words {n} here,” Alice said. Officials met.\n\n"


def _long_story(project, annotator, count: int):
    """`count` paragraphs, each a quote with its speaker; the annotation and its quotes."""
    text = "".join(PARAGRAPH.format(n=n) for n in range(count))
    article = factories.make_article(project, text=text)
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    annotation = editing.own_annotation(article, annotator)
    quotes, offset = [], 0
    for n in range(count):
        line = PARAGRAPH.format(n=n)
        content = editing.add_mention(
            annotation, label=Label.QUOTE, start=offset + 1, end=offset + line.index(",”") + 1
        )
        name = offset + line.index("Alice")
        who = editing.add_mention(annotation, label=Label.SPEAKER, start=name, end=name + 5)
        quotes.append(editing.add_quote(annotation, content=content, speaker_mention=who))
        offset += len(line)
    return text, annotation, quotes


def _swapped(response) -> tuple[list[str], list[str]]:
    """The paragraphs (`para-START`) and quote rows an answer swaps out of band."""
    html = response.content.decode()
    paragraphs = re.findall(r'<div class="para" id="(para-\d+)" hx-swap-oob="true">', html)
    rows = re.findall(r'<tr data-quote-row="\d+" id="(quote-row-\d+)"[^>]*hx-swap-oob', html)
    return paragraphs, rows


def test_a_change_in_the_last_paragraph_answers_only_that_paragraph(logged_in, project, annotator):
    text, annotation, quotes = _long_story(project, annotator, 40)
    last = text.rindex("Officials")
    response = _mark(
        logged_in, project, annotation, "CUE", last, last + 9, quote="", active_quote=""
    )
    assert response.status_code == 200
    paragraph = text.rindex("“")
    assert _swapped(response) == ([f"para-{paragraph}"], [])  # a loose cue: no row changed
    assert 'id="text"' not in response.content.decode()
    html = response.content.decode()
    assert f'<span data-start="{last}" data-end="{last + 9}" class="m l-cue"' in html
    assert html.count('class="para"') == 1 and "Words 0 here" not in html  # not the other 39


def test_a_speaker_for_the_open_quote_answers_its_paragraph_and_row(logged_in, project, annotator):
    text, annotation, quotes = _long_story(project, annotator, 40)
    last = text.rindex("Officials")
    active = str(quotes[-1].pk)
    response = _mark(
        logged_in, project, annotation, "CUE", last, last + 9, quote=active, active_quote=active
    )
    assert _swapped(response) == ([f"para-{text.rindex('“')}"], [f"quote-row-{quotes[-1].pk}"])
    assert Quote.objects.get(pk=quotes[-1].pk).cue.text == "Officials"


def test_opening_another_quote_by_marking_one_redraws_both_paragraphs(
    logged_in, project, annotator
):
    """The quote that was open loses its outline: its paragraph is sent too."""
    text, annotation, quotes = _long_story(project, annotator, 40)
    last = text.rindex("Officials")
    response = _mark(
        logged_in, project, annotation, "QUOTE", last, last + 14, active_quote=str(quotes[2].pk)
    )
    paragraphs, rows = _swapped(response)
    third = len(PARAGRAPH.format(n=0)) + len(PARAGRAPH.format(n=1))
    assert paragraphs == [f"para-{third}", f"para-{text.rindex('“')}"]
    assert rows == []  # a new quote: the whole table instead
    assert response.content.decode().count("data-quote-row=") == 41


def test_undo_answers_only_the_paragraph_it_changed_back(logged_in, project, annotator):
    text, annotation, quotes = _long_story(project, annotator, 40)
    last = text.rindex("Officials")
    _mark(logged_in, project, annotation, "CUE", last, last + 9, quote="", active_quote="")
    annotation.refresh_from_db()
    response = logged_in.post(
        _base(project, annotation) + "undo/",
        {"version": annotation.version, "active_quote": ""},
    )
    assert response.status_code == 200
    assert _swapped(response) == ([f"para-{text.rindex('“')}"], [])
    assert not annotation.mentions.filter(label=Label.CUE).exists()
    assert "m l-cue" not in response.content.decode()


def test_a_page_that_does_not_say_what_it_shows_gets_the_whole_text(logged_in, project, story):
    _response, annotation = _open(logged_in, project, story)
    start, end = _span(TEXT, "Bob")
    response = _mark(logged_in, project, annotation, "SPEAKER", start, end)
    html = response.content.decode()
    assert '<div id="text" hx-swap-oob="innerHTML">' in html
    assert html.count('class="para"') == 2  # "Intro line.\n\n" and the rest


@pytest.mark.parametrize("count", [1, 30])
def test_a_change_read_before_and_after_queries_as_often_for_any_quote_count(
    client, project, annotator, count, django_assert_num_queries
):
    """With the open quote posted, one more read: what the page showed before the change."""
    article = _article_with_quotes(project, annotator, count)
    annotation = editing.own_annotation(article, annotator)
    client.force_login(annotator)
    url = reverse("ws_mentions", args=[project.slug, annotation.pk])
    data = {"label": "CUE", "start": 0, "end": 1, "version": annotation.version}
    with django_assert_num_queries(SAVE_QUERIES + 1):
        response = client.post(url, data | {"active_quote": ""})
    assert response.status_code == 200
