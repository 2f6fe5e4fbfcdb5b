"""A research group's first day without /admin/: the demo manager creates their own project
with guidelines (previewed), invites three annotators with one-time passwords, imports a
first file; an annotator changes the one-time password at first login and opens an article."""

import json
import re

import pytest

from annotations.demo import load_demo
from annotations.models import Article, Membership, Project, Role
from tests.factories import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_from_the_demo_manager_to_a_team_with_a_first_import(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo(password="demo-pass-123")
    visited = []
    page.on("request", lambda request: visited.append(request.url))

    log_in(page, live_server, "manager", "demo-pass-123")
    page.click("#new-project")
    page.fill("input[name=name]", "Climate statements")
    page.fill("textarea[name=description]", "Who said what about the climate")
    page.fill("#id_guidelines", "# Our rules\n\nMark **every** quote.<script>alert(1)</script>")
    page.wait_for_selector("#guidelines-preview strong")
    assert page.inner_text("#guidelines-preview strong") == "every"
    assert page.locator("#guidelines-preview script").count() == 0
    page.fill("input[name=overlap]", "3")
    page.click("#project-form button[type=submit]")
    page.wait_for_url(re.compile(r"/projects/climate-statements/$"))
    assert "you are its manager" in page.inner_text(".messages")
    project = Project.objects.get(slug="climate-statements")
    assert project.overlap == 3 and project.created_by.username == "manager"

    passwords = {}
    page.click("text=Members")
    for name in ("ana", "ben", "cleo"):
        form = page.locator("#create-account")
        form.locator("input[name=username]").fill(name)
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#one-time-password")
        passwords[name] = page.inner_text("#one-time-password .secret").strip()
        assert "must choose their own" in page.inner_text("#one-time-password")
    assert set(
        Membership.objects.filter(project=project, role=Role.ANNOTATOR).values_list(
            "user__username", flat=True
        )
    ) == {"ana", "ben", "cleo"}

    page.goto(f"{live_server.url}/projects/{project.slug}/")
    page.click("text=Import articles")
    lines = [record(f"climate-{n}", text=f"Minister {n} said: “It is warm.”") for n in range(3)]
    path = tmp_path / "first.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    page.set_input_files("#import-file", str(path))
    page.click(".import-form button[type=submit]")
    page.wait_for_selector(".import-outcome")
    assert "Imported 3 new" in page.inner_text(".import-outcome")
    assert Article.objects.filter(project=project).count() == 3
    page.click("form[action='/logout/'] button")

    log_in(page, live_server, "ana", passwords["ana"])
    page.wait_for_selector("#must-change")
    page.goto(f"{live_server.url}/")  # every page leads back until the password is changed
    assert "/account/password/" in page.url
    page.fill("#id_old_password", passwords["ana"])
    page.fill("#id_new_password1", "ana-own-pass-2026")
    page.fill("#id_new_password2", "ana-own-pass-2026")
    page.click("#password-change button[type=submit]")
    page.wait_for_selector("text=Your password was changed")
    assert "Climate statements" in page.inner_text("main")
    page.click("text=Next article")
    page.wait_for_selector("#text")
    assert "It is warm" in page.inner_text("#text")
    page.goto(f"{live_server.url}/projects/{project.slug}/")
    assert page.locator("#my-articles tbody tr").count() == 1
    page.click("#my-articles tbody a")
    page.wait_for_selector("#text")

    assert not [url for url in visited if "/admin/" in url]
    assert page.errors == []
