"""The OpenAPI schema: valid, complete, and schemathesis finds no server error through it.

schemathesis generates requests from /api/schema/ for every operation (a bounded number of
examples each) and sends them to the WSGI app, as a reviewer of a real project, whose slug
goes into the paths so that the requests reach past the 404."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from annotations.models import Role
from newsquotes.wsgi import application
from tests.factories import build_world

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def reviewer_token(db, keep_test_connection):
    world = build_world()
    token, _ = Token.objects.get_or_create(user=world.users[Role.REVIEWER])
    return token.key, world


# Transactional, as a real server runs: a database error that one request handles must not
# leave a shared test transaction aborted for the next request.
@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_the_schema_allows_gives_a_server_error(case, reviewer_token):
    key, world = reviewer_token
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = world.project.slug
    response = case.call(headers={"Authorization": f"Token {key}"})
    assert response.status_code < 500, (case.as_curl_command(), response.text[:500])


def test_schema_documents_the_error_responses_of_writes(client):
    document = client.get("/api/schema/?format=json").json()
    put = document["paths"]["/api/v1/projects/{slug}/articles/{article_pk}/annotations/{id}/"]
    assert {"400", "403", "404", "409"} <= set(put["put"]["responses"])


def test_swagger_ui_comes_from_our_static_files_without_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page and "<style>" not in page
    assert "http" not in page.split("<body>")[1]
