"""What the small API reads cost in SQL, and that the cuts made to them answer as before:
one annotation without a query of its own for its article, the project list without
DISTINCT, list pages without building a filter form when no filter is asked for."""

import pytest

from annotations import editing
from annotations.api import views
from annotations.models import Project, Role
from tests.factories import add_member, api_client, make_article, make_project

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “Hello, world.” Bob said: “Goodbye.”"


@pytest.fixture
def annotated():
    project = make_project(slug="costs")
    user = add_member(project, role=Role.ANNOTATOR)
    article = make_article(project, text=TEXT, external_id="a-1")
    annotation = editing.own_annotation(article, user)
    editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    return user, article, annotation


def annotation_path(article_id, annotation_id, slug="costs") -> str:
    return f"/api/v1/projects/{slug}/articles/{article_id}/annotations/{annotation_id}/"


def test_one_annotation_costs_five_queries(annotated, django_assert_max_num_queries):
    # Token with its user, membership with its project, the annotation with its article and
    # annotator, its comments, its mentions and quotes.
    user, article, annotation = annotated
    client = api_client(user)
    with django_assert_max_num_queries(5):
        response = client.get(annotation_path(article.pk, annotation.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["article"] == "a-1"
    assert body["annotator"] == user.username
    assert [m["text"] for m in body["mentions"]] == ["Hello, world."]
    assert response["ETag"] == f'"{body["version"]}"'


def test_an_annotation_under_a_missing_article_is_the_article_404(annotated):
    user, article, annotation = annotated
    response = api_client(user).get(annotation_path(article.pk + 1000, annotation.pk))
    assert response.status_code == 404
    assert "Article" in response.json()["detail"]


def test_an_annotation_under_another_article_is_not_found(annotated):
    user, article, annotation = annotated
    other = make_article(article.project, text=TEXT, external_id="a-2")
    response = api_client(user).get(annotation_path(other.pk, annotation.pk))
    assert response.status_code == 404
    assert "Annotation" in response.json()["detail"]


def test_an_annotation_of_another_project_is_not_found_through_this_one(annotated):
    user, article, annotation = annotated
    elsewhere = make_project(slug="elsewhere")
    add_member(elsewhere, user, role=Role.MANAGER)
    response = api_client(user).get(annotation_path(article.pk, annotation.pk, "elsewhere"))
    assert response.status_code == 404


def test_another_annotators_version_stays_hidden_from_an_annotator(annotated):
    user, article, annotation = annotated
    other = add_member(article.project, role=Role.ANNOTATOR)
    response = api_client(other).get(annotation_path(article.pk, annotation.pk))
    assert response.status_code == 404


def test_project_list_names_each_project_once_with_the_callers_role(
    django_assert_max_num_queries,
):
    user = add_member(make_project(slug="p-1"), role=Role.MANAGER)
    add_member(make_project(slug="p-2"), user, role=Role.VIEWER)
    add_member(make_project(slug="p-3"), user, role=Role.ANNOTATOR)
    make_project(slug="not-mine")
    for slug in ("p-1", "p-2", "p-3"):  # other members of the same projects
        for role in (Role.MANAGER, Role.ANNOTATOR):
            add_member(Project.objects.get(slug=slug), role=role)
    client = api_client(user)
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/projects/")
    assert response.status_code == 200
    roles = {project["slug"]: project["role"] for project in response.json()["results"]}
    assert len(response.json()["results"]) == 3
    assert roles == {"p-1": "manager", "p-2": "viewer", "p-3": "annotator"}


def test_article_list_without_filters_lists_every_article(django_assert_max_num_queries):
    project = make_project(slug="plain")
    user = add_member(project, role=Role.VIEWER)
    for number in range(3):
        make_article(project, text=TEXT, external_id=f"x-{number}")
    client = api_client(user)
    # token and user, project and role, the project's id bounds, the page
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/projects/plain/articles/?unrelated=1")
    assert [a["external_id"] for a in response.json()["results"]] == ["x-0", "x-1", "x-2"]
    filtered = client.get("/api/v1/projects/plain/articles/?external_id=x-1&unrelated=1")
    assert [a["external_id"] for a in filtered.json()["results"]] == ["x-1"]
    empty = client.get("/api/v1/projects/plain/articles/?published_after=")
    assert empty.status_code == 400
    assert "published_after" in empty.json()["detail"]


@pytest.fixture
def two_projects():
    """Two projects whose articles' ids interleave, as two imports at the same time make."""
    first, second = make_project(slug="first"), make_project(slug="second")
    user = add_member(first, role=Role.VIEWER)
    add_member(second, user, role=Role.VIEWER)
    ids = {"first": [], "second": []}
    for number in range(7):
        for project in (first, second):
            article = make_article(project, text=TEXT, external_id=f"{project.slug}-{number}")
            ids[project.slug].append(article.pk)
    return api_client(user), ids


def test_article_pages_walk_one_projects_articles_forward_and_back(two_projects, monkeypatch):
    client, ids = two_projects
    monkeypatch.setattr(views.ById, "page_size", 3)
    pages, seen, page = [], [], "/api/v1/projects/first/articles/"
    while page:
        data = client.get(page).json()
        pages.append(data)
        seen += [row["id"] for row in data["results"]]
        page = data["next"]
    assert seen == ids["first"]
    assert [len(p["results"]) for p in pages] == [3, 3, 1]
    back = client.get(pages[-1]["previous"]).json()
    assert [row["id"] for row in back["results"]] == ids["first"][3:6]
