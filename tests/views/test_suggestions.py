"""The workspace's suggestion panel and the project page's acceptance rates."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations.models import ArticleSuggestions, Quote, Role, SuggestionDecision
from annotations.suggesting import stored as suggesting_services
from tests import factories

TEXT = (
    "“We will not borrow for everyday spending,” Reeves told reporters.\n\n"
    "She added that growth would return by the spring."
)


@pytest.fixture
def annotation(project, annotator):
    factories.make_speaker(project, "Rachel Reeves", aliases=["Reeves"])
    article = factories.make_article(project, text=TEXT)
    return factories.make_annotation(article, annotator)


@pytest.fixture
def logged_in(client, annotator, settings):
    # The panel asks for missing suggestions in the background; here the task runs at once.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(annotator)
    return client


def url(name, annotation, *extra):
    return reverse(name, args=[annotation.article.project.slug, annotation.pk, *extra])


def keys(annotation):
    return [s.key for s in suggesting_services.suggestions_for(annotation.article)]


def test_workspace_page_loads_the_panel(logged_in, annotation):
    page = logged_in.get(
        reverse("workspace", args=[annotation.article.project.slug, annotation.article.pk])
    )
    assert url("ws_suggestions", annotation) in page.content.decode()


def test_panel_lists_pending_suggestions_with_speaker_and_cue(logged_in, annotation):
    body = logged_in.get(url("ws_suggestions", annotation)).content.decode()
    assert body.count('class="suggestion"') == 2
    assert "We will not borrow for everyday spending," in body
    assert "Rachel Reeves" in body and "told reporters" in body


def test_accepting_answers_the_panel_without_it_and_asks_for_a_reload(logged_in, annotation):
    key = keys(annotation)[0]
    response = logged_in.post(url("ws_suggestion_accept", annotation, key), {"version": 1})
    assert response.status_code == 200
    assert key not in response.content.decode()
    assert json.loads(response["HX-Trigger"])["annotationChanged"] == {"before": 1}
    assert Quote.objects.get(annotation=annotation).origin == "direct_marks_after"


def test_accepting_with_a_stale_version_is_a_conflict(logged_in, annotation):
    key = keys(annotation)[0]
    response = logged_in.post(url("ws_suggestion_accept", annotation, key), {"version": 5})
    assert response.status_code == 409
    assert "changed elsewhere" in response.content.decode()
    assert not Quote.objects.exists()


def test_rejecting_removes_it_from_the_panel(logged_in, annotation):
    key = keys(annotation)[1]
    response = logged_in.post(url("ws_suggestion_reject", annotation, key))
    assert key not in response.content.decode()
    assert SuggestionDecision.objects.get(key=key).decision == "rejected"


def test_accept_all_leaves_no_pending_suggestion(logged_in, annotation):
    response = logged_in.post(url("ws_suggestions_accept_all", annotation), {"version": 1})
    assert "No pending suggestions." in response.content.decode()
    assert Quote.objects.filter(annotation=annotation).count() == 2


def test_unknown_key_is_a_bad_request(logged_in, annotation):
    before = annotation.quotes.count()
    response = logged_in.post(url("ws_suggestion_accept", annotation, "nope"), {"version": 1})
    assert response.status_code == 400
    assert not SuggestionDecision.objects.exists()
    annotation.refresh_from_db()
    assert annotation.version == 1 and annotation.quotes.count() == before


def test_others_cannot_decide_on_my_suggestions(client, project, annotation):
    reviewer = factories.add_member(project, role=Role.VIEWER)
    client.force_login(reviewer)
    key = keys(annotation)[0]
    response = client.post(url("ws_suggestion_accept", annotation, key), {"version": 1})
    assert response.status_code in (403, 404)
    assert not Quote.objects.exists()


def test_outsider_gets_404(client, annotation):
    client.force_login(factories.make_user())
    assert client.get(url("ws_suggestions", annotation)).status_code == 404


def test_suggest_button_recomputes_with_the_speakers_added_since(logged_in, project, annotator):
    article = factories.make_article(project, text="“The answer is no,” Petrov said.")
    annotation = factories.make_annotation(article, annotator)
    assert "(new speaker)" in logged_in.get(url("ws_suggestions", annotation)).content.decode()
    factories.make_speaker(project, "Ivan Petrov", aliases=["Petrov"])
    assert "(new speaker)" in logged_in.get(url("ws_suggestions", annotation)).content.decode()
    body = logged_in.post(url("ws_suggest", annotation)).content.decode()
    assert "Ivan Petrov" in body and "(new speaker)" not in body


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_suggest_button_queues_the_run_and_a_worker_fills_the_panel(client, project, annotator):
    # The project's own task backend (the database): nothing runs until a worker does.
    article = factories.make_article(project, text="“The answer is no,” Petrov said.")
    annotation = factories.make_annotation(article, annotator)
    suggesting_services.compute_for_article(article)
    client.force_login(annotator)
    factories.make_speaker(project, "Ivan Petrov", aliases=["Petrov"])
    body = client.post(url("ws_suggest", annotation)).content.decode()
    assert "Computing suggestions" in body and "Petrov" not in body
    assert not ArticleSuggestions.objects.filter(article=article).exists()  # nothing computed
    waiting = client.get(url("ws_suggestions", annotation) + "?waiting=1").content.decode()
    assert "Computing suggestions" in waiting
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())
    body = client.get(url("ws_suggestions", annotation) + "?waiting=1").content.decode()
    assert "Ivan Petrov" in body and "(new speaker)" not in body


def test_project_page_shows_acceptance_rates_to_managers(client, project, annotation):
    suggesting_services.accept(annotation, keys(annotation)[0])
    manager = factories.add_member(project, role=Role.MANAGER)
    client.force_login(manager)
    body = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "Suggestions accepted" in body and "direct_marks_after" in body
    assert "<td>100 %</td>" in body  # the one accepted suggestion of that rule


def test_annotators_do_not_see_acceptance_rates(logged_in, project, annotation):
    suggesting_services.accept(annotation, keys(annotation)[0])
    body = logged_in.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "Suggestions accepted" not in body


def _panel_queries(client, project, annotator, quotes: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text = "".join(f"“Sentence number {n} is here,” Ana Silva said.\n" for n in range(quotes))
    article = factories.make_article(project, text=text)
    annotation = factories.make_annotation(article, annotator)
    suggesting_services.accept(annotation, keys(annotation)[0])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("ws_suggestions", annotation))
    assert response.content.decode().count('class="suggestion"') == quotes - 1
    return len(queries)


def test_panel_query_count_does_not_grow_with_suggestions(logged_in, project, annotator):
    assert _panel_queries(logged_in, project, annotator, 2) == _panel_queries(
        logged_in, project, annotator, 30
    )
