"""Assignments in Chromium at any size: bulk assign the next N, assign every article that a
filter keeps, release, reassign, and one row's action, each swapped in place by htmx."""

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk():
    project = factories.make_project(slug="desk", overlap=1)
    manager = factories.add_member(project, factories.make_user("mia"), role=Role.MANAGER)
    ann = factories.add_member(project, factories.make_user("ann"))
    ben = factories.add_member(project, factories.make_user("ben"))
    for n in range(70):
        factories.make_article(
            project, external_id=f"desk-{n:02}", source="Radio" if n % 10 == 0 else "Wire"
        )
    return project, manager, ann, ben


def test_bulk_actions_update_the_list_in_place(page, live_server, desk):
    project, manager, ann, ben = desk
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/assignments/")
    assert page.locator("#assignments tbody tr").count() == 50
    page.evaluate("window.kept = true")

    bulk = page.locator("#bulk-form")
    bulk.locator("select[name=user]").select_option(label="ann")
    bulk.locator("input[name=count]").fill("5")
    bulk.get_by_role("button", name="Assign the next N unassigned").click()
    expect(page.locator("#bulk-message")).to_have_text("ann now holds 5 more articles.")
    assert "ann · Assigned" in page.inner_text("#assignments tbody tr[data-article=desk-04]")
    assert "nobody" in page.inner_text("#assignments tbody tr[data-article=desk-05]")
    assert Annotation.objects.filter(annotator=ann, status=Status.ASSIGNED).count() == 5

    page.select_option("#assignment-filters select[name=source]", "Radio")
    expect(page.locator("#assignments tbody tr")).to_have_count(7)
    bulk = page.locator("#bulk-form")
    bulk.locator("select[name=user]").select_option(label="ben")
    bulk.get_by_role("button", name="Assign every matching article").click()
    # desk-00 is ann's already and the overlap is 1: the six others go to ben.
    expect(page.locator("#bulk-message")).to_have_text(
        "ben now holds 6 more of the matching articles."
    )
    assert Annotation.objects.filter(annotator=ben).count() == 6

    bulk = page.locator("#bulk-form")
    bulk.locator("select[name=user]").select_option(label="ben")
    bulk.get_by_role("button", name="Release their untouched matching assignments").click()
    expect(page.locator("#bulk-message")).to_have_text("Released 6 untouched assignments of ben.")
    assert not Annotation.objects.filter(annotator=ben).exists()

    page.select_option("#assignment-filters select[name=source]", "")
    expect(page.locator("#assignments tbody tr")).to_have_count(50)
    bulk = page.locator("#bulk-form")
    bulk.locator("select[name=user]").select_option(label="ann")
    bulk.locator("select[name=to_user]").select_option(label="ben")
    bulk.get_by_role("button", name="Reassign").click()
    expect(page.locator("#bulk-message")).to_have_text("Moved 5 open versions from ann to ben.")
    assert Annotation.objects.filter(annotator=ben).count() == 5
    assert page.evaluate("window.kept")  # never a full reload
    assert page.errors == []


def test_one_member_choice_per_row_serves_assign_and_reassign(page, live_server, desk):
    _, manager, ann, ben = desk
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/assignments/")
    row = page.locator("#assignments tbody tr[data-article=desk-03]")
    assert row.locator("input[name=member]").count() == 1 and row.locator("select").count() == 0
    row.locator("input[name=member]").fill("ann")
    row.get_by_role("button", name="assign").click()
    row = page.locator("#assignments tbody tr[data-article=desk-03]")
    expect(row.locator(".message")).to_have_text("ann now holds desk-03.")
    row.locator("input[name=member]").fill("ben")
    row.get_by_role("button", name="give ann's version to the member").click()
    expect(row.locator(".message")).to_have_text("desk-03 now belongs to ben.")
    assert "ben · Assigned" in row.inner_text()
    row.get_by_role("button", name="release ben").click()
    expect(row.locator(".message")).to_have_text("Released desk-03 from ben.")
    assert not Annotation.objects.filter(article__external_id="desk-03").exists()
    row.locator("input[name=member]").fill("nobody-here")
    row.get_by_role("button", name="assign").click()
    expect(row.locator(".message")).to_have_text(
        "member: 'nobody-here' is not a member of this project"
    )
    assert page.errors == []


def test_last_page_and_a_refused_action_are_shown(page, live_server, desk):
    _, manager, ann, _ = desk
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/desk/assignments/")
    page.click("text=last »")
    page.wait_for_selector("#assignments tbody tr[data-article=desk-69]")
    assert page.locator("#assignments tbody tr").count() == 50
    bulk = page.locator("#bulk-form")
    bulk.locator("input[name=count]").fill("0")
    bulk.locator("input[name=count]").evaluate("input => input.removeAttribute('min')")
    bulk.get_by_role("button", name="Assign the next N unassigned").click()
    expect(page.locator("#bulk-message")).to_contain_text("count: assign 1 to 10,000")
    assert not Annotation.objects.exists()
