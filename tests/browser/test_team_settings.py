"""A manager's settings page in Chromium: every setting edited, archiving hides the project
from an annotator's home, deleting asks for the slug again and offers the export first."""

import pytest

from annotations.models import Project, Role
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    project = factories.make_project(slug="desk", name="Desk")
    manager = factories.add_member(project, factories.make_user("mia"), role=Role.MANAGER)
    annotator = factories.add_member(project, factories.make_user("ann"), role=Role.ANNOTATOR)
    factories.make_article(project, external_id="desk-1")
    return project, manager, annotator


def test_manager_edits_every_setting(page, live_server, team):
    project, manager, _ = team
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/")
    page.click("text=Settings")
    page.fill("input[name=name]", "Desk two")
    page.fill("input[name=slug]", "desk-two")
    page.fill("textarea[name=description]", "Second desk")
    page.fill("#id_guidelines", "Use *care*")
    page.wait_for_selector("#guidelines-preview em")
    page.fill("input[name=overlap]", "2")
    page.check("input[name=show_annotator_names]")
    page.click("#project-form button[type=submit]")
    page.wait_for_selector("text=Settings saved.")
    project.refresh_from_db()
    assert (project.name, project.slug, project.description, project.guidelines) == (
        "Desk two",
        "desk-two",
        "Second desk",
        "Use *care*",
    )
    assert project.overlap == 2 and project.show_annotator_names
    page.eval_on_selector("input[name=overlap]", "input => input.removeAttribute('max')")
    page.fill("input[name=overlap]", "7")
    page.click("#project-form button[type=submit]")
    assert "overlap" in page.inner_text("#form-error")
    project.refresh_from_db()
    assert project.overlap == 2
    assert all("400" in error for error in page.errors)  # only the refused overlap


def test_archived_project_leaves_the_annotators_home_and_comes_back(page, live_server, team):
    project, manager, annotator = team
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/settings/")
    page.click("#archive-form button")
    page.wait_for_selector("text=Archived:")
    page.goto(f"{live_server.url}/")
    assert "archived" in page.inner_text("table.my-work")  # the manager still sees it, marked
    page.context.clear_cookies()
    login(page, live_server, annotator)
    assert "Desk" not in page.inner_text("main")
    project.refresh_from_db()
    assert project.articles.count() == 1  # everything kept
    page.context.clear_cookies()
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/settings/")
    page.click("#archive-form button")
    page.context.clear_cookies()
    login(page, live_server, annotator)
    assert "Desk" in page.inner_text("main")


def test_delete_offers_the_export_and_needs_the_slug(page, live_server, team):
    _, manager, _ = team
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/settings/")
    page.click("text=Delete this project")
    href = page.get_attribute("#export-first", "href")
    assert "format=jsonl" in href and "status=all" in href
    answer = page.request.get(live_server.url + href)
    assert answer.ok and b'"external_id": "desk-1"' in answer.body()
    page.fill("input[name=confirm_slug]", "des")
    page.click("#delete-form button")
    assert "type the project's slug, desk" in page.inner_text(".message.error")
    assert Project.objects.filter(slug="desk").exists()
    page.fill("input[name=confirm_slug]", "desk")
    page.click("#delete-form button")
    page.wait_for_selector("text=and all its data were deleted")
    assert not Project.objects.filter(slug="desk").exists()
    assert all("400" in error for error in page.errors)  # only the refused first attempt
