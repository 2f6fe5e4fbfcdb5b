"""Export parameters are checked by one form on every export route: the page, its download
redirect, the API's export.F and `manage.py export_dataset`. A NUL character, a bad date or
an unknown status is refused naming the parameter, before anything streams."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations import editing
from annotations.models import Label, Role
from tests import factories

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "json", "jsonl", "parquet", "brat", "labelstudio")
BAD = [
    ("source", "\x00", "Null characters are not allowed"),
    ("source", "Wire\x00", "Null characters are not allowed"),
    ("published_after", "2024-13-40", "'2024-13-40' is not a date: use YYYY-MM-DD"),
    ("published_before", "yesterday", "'yesterday' is not a date: use YYYY-MM-DD"),
    ("status", "golden", "unknown status “golden”"),
]


@pytest.fixture
def reviewer(project):
    user = factories.add_member(project, role=Role.REVIEWER)
    article = factories.make_article(project, text="Alice said: “Hello.”", source="Wire")
    gold = editing.gold_annotation(article)
    content = editing.add_mention(gold, label=Label.QUOTE, start=12, end=18)
    editing.add_quote(gold, content=content)
    return user


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("name", "value", "message"), BAD)
def test_the_api_refuses_a_bad_parameter_before_streaming(
    project, reviewer, fmt, name, value, message
):
    token, _ = Token.objects.get_or_create(user=reviewer)
    client = Client(headers={"Authorization": f"Token {token.key}"})
    response = client.get(f"/api/v1/projects/{project.slug}/export.{fmt}", {name: value})
    assert response.status_code == 400 and not response.streaming
    assert response.json()["field"] == name and message in response.json()["detail"]


@pytest.mark.parametrize(("name", "value", "message"), BAD)
def test_the_page_answers_400_naming_the_parameter(project, reviewer, name, value, message):
    response = _page_client(reviewer).get(f"/projects/{project.slug}/export/", {name: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{name}: " in body and "This export holds" not in body


def test_the_pages_htmx_count_answers_400_with_the_message(project, reviewer):
    response = _page_client(reviewer).get(
        f"/projects/{project.slug}/export/", {"source": "\x00"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "source: Null characters are not allowed" in response.content.decode()
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize(("name", "value", "message"), BAD)
def test_the_download_redirect_refuses_a_bad_parameter(project, reviewer, name, value, message):
    response = _page_client(reviewer).get(
        f"/projects/{project.slug}/export/download/", {"format": "csv", name: value}
    )
    assert response.status_code == 400 and f"{name}: " in response.content.decode()


def test_the_download_redirect_passes_good_parameters_on(project, reviewer):
    response = _page_client(reviewer).get(
        f"/projects/{project.slug}/export/download/",
        {"format": "jsonl", "source": "Wire", "published_after": "2024-01-01"},
    )
    assert response.status_code == 302
    assert response.url == (
        f"/api/v1/projects/{project.slug}/export.jsonl?source=Wire&published_after=2024-01-01"
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("source", "\x00", "--source: Null characters are not allowed"),
        ("published_after", "2024-02-30", "--published-after: '2024-02-30' is not a date"),
        ("published_before", "soon", "--published-before: 'soon' is not a date"),
    ],
)
def test_the_command_refuses_a_bad_parameter_naming_the_option(
    project, reviewer, tmp_path, option, value, message
):
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=message):
        call_command(
            "export_dataset",
            project=project.slug,
            format="csv",
            output=str(output),
            **{option: value},
        )
    assert not output.exists()


def test_the_command_filters_by_source_and_date(project, reviewer, tmp_path):
    output = tmp_path / "out.jsonl"
    call_command(
        "export_dataset", project=project.slug, format="jsonl", output=str(output), source="Wire"
    )
    assert "Hello." in output.read_text()
    call_command(
        "export_dataset", project=project.slug, format="jsonl", output=str(output), source="Other"
    )
    assert output.read_text() == ""
