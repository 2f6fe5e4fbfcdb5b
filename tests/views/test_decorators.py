"""What every page shares (`views/decorators.py`): the role gate answers like the API (404 for
outsiders, 403 for members whose role lacks the right), a malformed integer is 400 naming it
on every screen, a GET never writes, and the project page's queries do not grow with its
import jobs."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations import editing
from annotations.models import Annotation, ImportJob, Label, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “Hello, world.”"


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


# The same rule on the page and in the API: (page URL, API URL, a role without the right).
SAME_RULE = {
    "dashboard": ("/projects/{slug}/dashboard/", "/api/v1/projects/{slug}/agreement/"),
    "export": ("/projects/{slug}/export/", "/api/v1/projects/{slug}/export.csv"),
    "imports": ("/projects/{slug}/imports/", "/api/v1/projects/{slug}/imports/"),
}


@pytest.mark.parametrize("screen", SAME_RULE)
def test_a_member_without_the_right_gets_403_on_the_page_and_in_the_api(project, screen):
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    page, api = (url.format(slug=project.slug) for url in SAME_RULE[screen])
    on_page = _page(annotator).get(page)
    in_api = _api(annotator).get(api)
    assert (on_page.status_code, in_api.status_code) == (403, 403)
    assert project.name not in on_page.content.decode()
    assert "detail" in in_api.json()


@pytest.mark.parametrize("screen", SAME_RULE)
def test_an_outsider_gets_404_on_the_page_and_in_the_api(project, screen):
    outsider = factories.add_member(factories.make_project(), role=Role.MANAGER)
    page, api = (url.format(slug=project.slug) for url in SAME_RULE[screen])
    assert _page(outsider).get(page).status_code == 404
    assert _api(outsider).get(api).status_code == 404


@pytest.mark.parametrize("screen", SAME_RULE)
def test_a_member_with_the_right_gets_the_page(project, screen):
    manager = factories.add_member(project, role=Role.MANAGER)
    page, _ = (url.format(slug=project.slug) for url in SAME_RULE[screen])
    response = _page(manager).get(page)
    assert response.status_code == 200 and project.name in response.content.decode()


def test_a_malformed_integer_is_400_in_review_as_in_the_workspace(project):
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    article = factories.make_article(project, text=TEXT)
    own = editing.own_annotation(article, reviewer)
    client = _page(reviewer)
    review = client.post(
        reverse("review_take_version", args=[project.slug, article.pk]),
        {"annotation": "x", "version": "1"},
    )
    workspace = client.post(
        reverse("ws_mentions", args=[project.slug, own.pk]),
        {"label": Label.QUOTE, "start": "twelve", "end": "20", "version": own.version},
    )
    assert (review.status_code, workspace.status_code) == (400, 400)
    assert "annotation: annotation must be a whole number" in review.content.decode()
    # The workspace words it for the annotator, without the field's name.
    assert "Start must be a whole number." in workspace.content.decode()
    assert not own.mentions.exists()


def test_a_stale_version_in_review_is_409_with_the_page(project):
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    article = factories.make_article(project, text=TEXT)
    gold = editing.gold_annotation(article)
    response = _page(reviewer).post(
        reverse("review_accept", args=[project.slug, article.pk]), {"version": gold.version + 5}
    )
    assert response.status_code == 409
    assert "changed elsewhere" in response.content.decode()


def test_history_restore_with_a_bad_version_is_400_with_the_page(project):
    manager = factories.add_member(project, role=Role.MANAGER)
    article = factories.make_article(project, text=TEXT)
    annotation = editing.own_annotation(article, manager)
    editing.add_mention(annotation, label=Label.CUE, start=6, end=10)
    response = _page(manager).post(
        reverse("article_history_restore", args=[project.slug, article.pk]),
        {"event": annotation.events.first().pk, "version": "latest"},
    )
    assert response.status_code == 400
    assert "version: version must be a whole number" in response.content.decode()


def test_next_article_by_get_hands_out_nothing(project, annotator, article):
    response = _page(annotator).get(reverse("next_article", args=[project.slug]))
    assert response.status_code == 200
    assert not Annotation.objects.filter(annotator=annotator).exists()
    assert 'method="post"' in response.content.decode()


def test_next_article_by_get_opens_an_article_already_held(project, annotator, article):
    Annotation.objects.create(article=article, annotator=annotator, status=Status.ASSIGNED)
    response = _page(annotator).get(reverse("next_article", args=[project.slug]))
    assert response.url == reverse("workspace", args=[project.slug, article.pk])


def test_next_article_by_post_hands_one_out(project, annotator, article):
    response = _page(annotator).post(reverse("next_article", args=[project.slug]))
    assert response.url == reverse("workspace", args=[project.slug, article.pk])
    assert Annotation.objects.get(annotator=annotator).status == Status.ASSIGNED


@pytest.mark.parametrize(
    ("name", "method"),
    [("dashboard", "post"), ("export", "post"), ("import_detail", "post"), ("review", "put")],
)
def test_views_refuse_other_http_methods(project, name, method):
    manager = factories.add_member(project, role=Role.MANAGER)
    article = factories.make_article(project, text=TEXT)
    args = {
        "import_detail": [project.slug, 1],
        "review": [project.slug, article.pk],
    }.get(name, [project.slug])
    response = getattr(_page(manager), method)(reverse(name, args=args))
    assert response.status_code == 405


def test_partial_views_vary_on_the_htmx_header(project):
    manager = factories.add_member(project, role=Role.MANAGER)
    job = ImportJob.objects.create(project=project, created_by=manager, file_name="a.jsonl")
    response = _page(manager).get(reverse("import_detail", args=[project.slug, job.pk]))
    assert "HX-Request" in response["Vary"]


def _project_page_queries(project, manager, jobs: int) -> tuple[int, str]:
    ImportJob.objects.bulk_create(
        ImportJob(project=project, created_by=manager, file_name=f"file-{n}.jsonl")
        for n in range(jobs)
    )
    client = _page(manager)
    client.get(reverse("project_detail", args=[project.slug]))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("project_detail", args=[project.slug]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_project_page_queries_do_not_grow_with_its_import_jobs():
    one_project = factories.make_project()
    ten_project = factories.make_project()
    one_manager = factories.add_member(one_project, factories.make_user("one"), Role.MANAGER)
    ten_manager = factories.add_member(ten_project, factories.make_user("ten"), Role.MANAGER)
    with_one, page_one = _project_page_queries(one_project, one_manager, 1)
    with_ten, page_ten = _project_page_queries(ten_project, ten_manager, 10)
    # 6 before the article list; it adds two status counts, the members and sources of its
    # filters, the project's first and last article id, the page's articles and their
    # versions, whatever the number of jobs
    assert with_one == with_ten == 12
    assert page_one.count("file-") == 1 and page_ten.count("file-") == 10
    assert "ten" in page_ten  # the list shows who started each job
