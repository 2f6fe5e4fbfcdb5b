"""Logging in, the home page and a project's page, and what outsiders cannot see."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from annotations.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_page_but_login_needs_a_session(client, project):
    for url in ("/", f"/projects/{project.slug}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/login/").status_code == 200


def test_login_with_the_right_password_opens_my_work(client, project, annotator):
    response = client.post(
        "/login/", {"username": annotator.username, "password": "pass-word-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert project.name in response.content.decode()


def test_wrong_password_is_refused_with_a_message(client, annotator):
    response = client.post("/login/", {"username": annotator.username, "password": "nope"})
    assert (
        "didn&#x27;t match" in response.content.decode()
        or "didn't match" in response.content.decode()
    )


def test_home_lists_only_my_projects(client, project, annotator):
    other = factories.make_project(name="Secret corpus")
    client.force_login(annotator)
    page = client.get("/").content.decode()
    assert project.name in page and other.name not in page


def test_outsider_gets_404_not_403_for_a_project(client, project):
    client.force_login(factories.make_user())
    assert client.get(f"/projects/{project.slug}/").status_code == 404


def test_member_sees_the_project_and_its_articles(client, project, annotator, article):
    client.force_login(annotator)
    page = client.get(f"/projects/{project.slug}/").content.decode()
    assert article.title in page


def test_logout_ends_the_session(client, annotator):
    client.force_login(annotator)
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_drf_create_token_gives_a_working_token(client, project):
    user = factories.add_member(project, role=Role.VIEWER)
    call_command("drf_create_token", user.username, stdout=__import__("io").StringIO())
    assert Token.objects.filter(user=user).exists()


def test_pages_carry_a_csp_that_forbids_inline_scripts(client):
    csp = client.get("/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_project_page_pages_through_many_articles(client, project, annotator):
    for number in range(105):
        factories.make_article(project, external_id=f"bulk-{number:03}")
    client.force_login(annotator)
    first = client.get(f"/projects/{project.slug}/").content.decode()
    second = client.get(f"/projects/{project.slug}/?page=2").content.decode()
    assert "bulk-000" in first and "bulk-104" not in first
    assert "bulk-104" in second and "page 2 of 2" in second


def test_reviewer_finds_gold_and_review_links_for_each_article(client, project, article):
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    client.force_login(reviewer)
    page = client.get(f"/projects/{project.slug}/").content.decode()
    assert f"/projects/{project.slug}/articles/{article.pk}/gold/" in page
    assert f"/projects/{project.slug}/articles/{article.pk}/review/" in page


def test_annotator_gets_next_article_but_no_gold_link(client, project, annotator, article):
    client.force_login(annotator)
    page = client.get(f"/projects/{project.slug}/").content.decode()
    assert f"/projects/{project.slug}/next/" in page and "/gold/" not in page


def test_my_work_makes_the_same_queries_however_many_projects(client, django_assert_num_queries):
    user = factories.make_user()
    client.force_login(user)
    factories.add_member(factories.make_project(), user)
    client.get("/")  # warm up: session and templates
    with django_assert_num_queries(4) as one:
        client.get("/")
    for _ in range(4):
        factories.add_member(factories.make_project(), user)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/").content.decode().count("Next article") == 5
