"""The export URL of the API and the export_dataset command: file name, streaming, content type,
errors naming the parameter, filters; the command writes what the API sends."""

import pytest
from django.test import Client

from annotations import demo, exporting
from annotations.models import Role
from tests.factories import api_client

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_session_download_streams_csv_with_a_dated_file_name(world):
    client = logged_in(world.users[Role.VIEWER])
    response = client.get("/api/v1/projects/roles/export.csv", {"status": "gold"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="roles_gold_20')
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2  # header and the one gold quote


def test_client_asking_for_text_csv_gets_it(world):
    response = api_client(world.users[Role.VIEWER]).get(
        "/api/v1/projects/roles/export.csv", headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, row = b"".join(response.streaming_content).decode().splitlines()
    assert header == ",".join(exporting.CSV_COLUMNS) and "Hello, world." in row


def test_unknown_format_and_status_are_400_naming_the_parameter(world):
    client = api_client(world.users[Role.VIEWER])
    assert client.get("/api/v1/projects/roles/export.xlsx").json()["field"] == "format"
    response = client.get("/api/v1/projects/roles/export.csv", {"status": "golden"})
    assert response.status_code == 400 and response.json()["field"] == "status"


def test_source_filter_narrows_the_export(world):
    client = api_client(world.users[Role.VIEWER])
    body = b"".join(
        client.get("/api/v1/projects/roles/export.csv", {"source": "Elsewhere"}).streaming_content
    )
    assert body.decode().splitlines() == [body.decode().splitlines()[0]]


def test_export_dataset_command_writes_the_same_file_as_the_api(tmp_path):
    from django.core.management import call_command

    project = demo.load_demo(password="demo-pass-123").project
    viewer = project.memberships.get(role=Role.VIEWER).user
    path = tmp_path / "gold.jsonl"
    call_command(
        "export_dataset", project="kremlin-nato", format="jsonl", status="gold", output=str(path)
    )
    response = api_client(viewer).get(
        "/api/v1/projects/kremlin-nato/export.jsonl", {"status": "gold"}
    )
    assert path.read_bytes() == b"".join(response.streaming_content)
