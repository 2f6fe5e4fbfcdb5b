"""The export page: the number of quotes before download, htmx counts, errors named in the
count, the links to it and the download button."""

import pytest
from django.test import Client

from annotations.models import Role

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_shows_the_number_of_quotes_of_the_default_export(world):
    page = logged_in(world.users[Role.VIEWER]).get("/projects/roles/export/").content.decode()
    assert "<strong>1</strong> quote." in page  # gold only: the article has a gold version


def test_htmx_request_gets_only_the_count_for_the_chosen_status(world):
    response = logged_in(world.users[Role.REVIEWER]).get(
        "/projects/roles/export/", {"status": "all"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.strip().startswith('<p id="quote-count"') and "<strong>3</strong>" in body
    assert "<form" not in body


def test_bad_date_filter_is_named_in_the_count(world):
    body = (
        logged_in(world.users[Role.REVIEWER])
        .get(
            "/projects/roles/export/",
            {"published_after": "yesterday"},
            headers={"HX-Request": "true"},
        )
        .content.decode()
    )
    assert "published_after" in body and "YYYY-MM-DD" in body


def test_project_page_links_to_the_export_for_viewers_not_annotators(world):
    viewer_page = logged_in(world.users[Role.VIEWER]).get("/projects/roles/").content.decode()
    annotator_page = logged_in(world.users[Role.ANNOTATOR]).get("/projects/roles/").content
    assert "/projects/roles/export/" in viewer_page
    assert b"/projects/roles/export/" not in annotator_page


def test_download_button_leads_to_the_api_export_with_the_filters(world):
    response = logged_in(world.users[Role.VIEWER]).get(
        "/projects/roles/export/download/", {"format": "jsonl", "status": "gold", "source": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/projects/roles/export.jsonl?status=gold"
