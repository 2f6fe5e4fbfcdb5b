"""Every answer under /api/ is JSON, errors included (400, 404, 405, 409, 500); the pages keep
HTML. A user-fixable error is 400 naming its field, a stale version 409."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path
from rest_framework.authtoken.models import Token

from annotations import editing
from annotations.models import Label, Role
from newsquotes.urls import handler404, handler500  # noqa: F401  (this module is a URLconf)
from newsquotes.urls import urlpatterns as site
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “Hello, world.”"


@login_not_required
def broken_view(request):
    raise RuntimeError("a bug in a view")


# Used as ROOT_URLCONF by the 500 tests: the site's URLs and handlers plus one broken view
# under /api/ and one outside it.
urlpatterns = [
    path("api/v1/broken/", broken_view),
    path("broken/", broken_view),
    *site,
]


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


@pytest.fixture
def own(project, annotator):
    article = factories.make_article(project, text=TEXT)
    annotation = editing.own_annotation(article, annotator)
    editing.add_mention(annotation, label=Label.CUE, start=6, end=10)
    annotation.refresh_from_db()
    return annotation


def _url(annotation) -> str:
    project = annotation.article.project
    return (
        f"/api/v1/projects/{project.slug}/articles/{annotation.article_id}"
        f"/annotations/{annotation.pk}/"
    )


def test_a_span_error_is_400_naming_the_field(annotator, own):
    body = {
        "version": own.version,
        "mentions": [{"id": 1, "label": "QUOTE", "start": 5, "end": 500}],
        "quotes": [],
    }
    response = _api(annotator).put(_url(own), body, content_type="application/json")
    assert response.status_code == 400
    data = response.json()
    assert data["field"].startswith("mentions[0]") and "ends after the text" in data["detail"]
    assert data["mentions"] == [data["detail"]]
    own.refresh_from_db()
    assert own.mentions.count() == 1


def test_a_stale_version_is_409_with_the_current_version(annotator, own):
    body = {"version": own.version - 1, "status": "submitted"}
    response = _api(annotator).patch(_url(own), body, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["current_version"] == own.version
    assert "changed elsewhere" in response.json()["detail"]


def test_an_import_refusal_names_its_field_without_parsing_the_message(project):
    manager = factories.add_member(project, role=Role.MANAGER)
    response = _api(manager).post(f"/api/v1/projects/{project.slug}/imports/", {})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "choose a file to import",
        "field": "file",
        "file": ["choose a file to import"],
    }


def test_an_unknown_api_url_is_a_json_404(annotator):
    response = _api(annotator).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_object_is_a_json_404(project, annotator):
    response = _api(annotator).get(f"/api/v1/projects/{project.slug}/articles/999999/")
    assert response.status_code == 404 and "detail" in response.json()


def test_an_outsiders_project_is_a_json_404(project):
    outsider = factories.add_member(factories.make_project(), role=Role.MANAGER)
    response = _api(outsider).get(f"/api/v1/projects/{project.slug}/articles/")
    assert response.status_code == 404 and "detail" in response.json()


def test_a_wrong_method_is_a_json_405(annotator, own):
    response = _api(annotator).delete(_url(own))
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


def test_an_unknown_page_stays_html(client, annotator):
    client.force_login(annotator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_is_json(settings, annotator):
    settings.ROOT_URLCONF = __name__
    client = _api(annotator)
    client.raise_request_exception = False
    response = client.get("/api/v1/broken/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A server error occurred; it has been logged."}


def test_a_server_error_on_a_page_stays_html(settings, client, annotator):
    settings.ROOT_URLCONF = __name__
    client.force_login(annotator)
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
