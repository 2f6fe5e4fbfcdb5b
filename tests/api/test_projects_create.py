"""Projects without the admin, through the API and the command: create (with the permission),
change settings (managers), and the same rules as the pages (`annotations.projects`)."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations import projects, workspace
from annotations.models import Membership, Project, Role
from tests import factories

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


@pytest.fixture
def creator():
    user = factories.make_user("carla")
    projects.grant_create_permission(user)
    return user


def test_a_user_with_the_permission_creates_a_project_and_manages_it(creator):
    answer = api(creator).post(
        "/api/v1/projects/",
        {
            "name": "Climate quotes",
            "description": "Who said what about the climate",
            "guidelines": "# Rules\n\nMark **every** quote.",
            "overlap": 3,
            "show_annotator_names": True,
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["slug"] == "climate-quotes"
    assert body["role"] == "manager" and body["overlap"] == 3 and body["show_annotator_names"]
    project = Project.objects.get(slug="climate-quotes")
    assert project.created_by == creator
    assert Membership.objects.get(project=project).role == Role.MANAGER
    assert "<strong>every</strong>" in workspace.guidelines_html(project)


def test_a_user_without_the_permission_gets_403_and_nothing_is_created():
    user = factories.make_user("nobody")
    answer = api(user).post("/api/v1/projects/", {"name": "Mine"}, content_type="application/json")
    assert answer.status_code == 403
    assert "annotations.add_project" in answer.json()["detail"]
    assert not Project.objects.exists()


def test_a_taken_slug_is_refused_naming_the_field(creator):
    factories.make_project(slug="taken")
    answer = api(creator).post(
        "/api/v1/projects/", {"name": "X", "slug": "taken"}, content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "slug" and "taken" in answer.json()["detail"]
    assert Project.objects.count() == 1


@pytest.mark.parametrize("overlap", [0, 6])
def test_overlap_outside_1_to_5_is_refused(creator, overlap):
    answer = api(creator).post(
        "/api/v1/projects/", {"name": "X", "overlap": overlap}, content_type="application/json"
    )
    assert answer.status_code == 400 and answer.json()["field"] == "overlap"
    assert not Project.objects.exists()


def test_script_in_the_guidelines_is_cleaned_when_shown(creator):
    api(creator).post(
        "/api/v1/projects/",
        {"name": "X", "guidelines": "Hi <script>alert(1)</script> **there**"},
        content_type="application/json",
    )
    html = workspace.guidelines_html(Project.objects.get())
    assert "<script>" not in html and "<strong>there</strong>" in html


def test_a_manager_patches_the_settings_and_an_annotator_may_not(creator):
    project = projects.create_project(projects.ProjectSettings(name="P"), creator)
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    url = f"/api/v1/projects/{project.slug}/"
    assert (
        api(annotator).patch(url, {"overlap": 2}, content_type="application/json").status_code
        == 403
    )
    answer = api(creator).patch(
        url, {"overlap": 2, "guidelines": "New"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["overlap"] == 2
    project.refresh_from_db()
    assert (project.overlap, project.guidelines, project.name) == (2, "New", "P")


def test_create_project_command_makes_the_manager(tmp_path):
    user = factories.make_user("mona")
    guidelines = tmp_path / "g.md"
    guidelines.write_text("# Guide", encoding="utf-8")
    with pytest.raises(CommandError, match="annotations.add_project"):
        call_command("create_project", "Mona's", "--manager", "mona")
    call_command(
        "create_project",
        "Mona's corpus",
        "--manager",
        "mona",
        "--grant",
        "--overlap",
        "2",
        "--guidelines-file",
        str(guidelines),
    )
    project = Project.objects.get(slug="monas-corpus")
    assert project.guidelines == "# Guide" and project.overlap == 2
    assert Membership.objects.get(project=project, user=user).role == Role.MANAGER


def test_command_names_the_bad_field():
    factories.make_user("mona")
    with pytest.raises(CommandError, match="overlap"):
        call_command("create_project", "M", "--manager", "mona", "--grant", "--overlap", "9")


def test_the_demo_manager_may_create_projects():
    from annotations.demo import load_demo

    load_demo(password="pw")
    load_demo(password="pw")  # idempotent
    manager = Membership.objects.get(user__username="manager").user
    manager.is_superuser = False
    manager.save()
    manager = type(manager).objects.get(pk=manager.pk)
    assert projects.may_create(manager)


@pytest.mark.parametrize("field", ["name", "description", "guidelines"])
def test_a_number_for_a_text_setting_is_refused_naming_it_and_nothing_changes(creator, field):
    project = projects.create_project(projects.ProjectSettings(name="P"), creator)
    answer = api(creator).patch(
        f"/api/v1/projects/{project.slug}/", {field: 6.07e16}, content_type="application/json"
    )
    assert answer.status_code == 400 and answer.json()["field"] == field
    project.refresh_from_db()
    assert (project.name, project.description, project.guidelines) == ("P", "", "")


def test_settings_sent_as_a_form_are_refused_as_not_json_and_nothing_changes(creator):
    project = projects.create_project(projects.ProjectSettings(name="P"), creator)
    answer = api(creator).patch(
        f"/api/v1/projects/{project.slug}/",
        "--b\r\nnot a field\r\n--b--\r\n",
        content_type="multipart/form-data; boundary=b",
    )
    assert answer.status_code == 415
    project.refresh_from_db()
    assert (project.name, project.guidelines) == ("P", "")
