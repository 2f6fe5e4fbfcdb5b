"""Layout in Chromium: no page scrolls sideways on a 390×844 phone, dark mode follows the
system with the three label styles still told apart, and the dashboard's charts can be read
(legend in the bars' order, every annotator's line visible)."""

import pytest

from annotations.models import Role
from tests import factories
from tests.factories import ALICE, HELLO, SAID, login, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    """A manager, two annotators with the same submitted progress, a long-titled article."""
    project = factories.make_project(slug="wire", overlap=2, name="Wire stories of the week")
    article = factories.make_article(project, text=TEXT * 3, external_id="wire-1-" + "x" * 40)
    ann = factories.add_member(project, factories.make_user("annotator-with-a-long-name"))
    ben = factories.add_member(project, factories.make_user("ben"))
    speaker = factories.make_speaker(project, "Alice")
    for user in (ann, ben):
        version(
            article, user, [{"content": HELLO, "speaker": speaker, "mention": ALICE, "cue": SAID}]
        )
    manager = factories.add_member(project, factories.make_user("mona"), role=Role.MANAGER)
    return project, article, manager, ann


def _phone(browser, dark=False):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        color_scheme="dark" if dark else "light",
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, team):
    project, article, manager, _ann = team
    context, page = _phone(browser)
    login(page, live_server, manager)
    base = f"{live_server.url}/projects/{project.slug}"
    pages = {
        "home": f"{live_server.url}/",
        "project": f"{base}/",
        "review": f"{base}/articles/{article.pk}/review/",
        "dashboard": f"{base}/dashboard/",
        "assignments": f"{base}/assignments/",
        "workspace": f"{base}/articles/{article.pk}/",
        "history": f"{base}/articles/{article.pk}/history/",
        "export": f"{base}/export/",
        "members": f"{base}/members/",
    }
    wide = {}
    for name, url in pages.items():
        page.goto(url)
        # A finger swipe to the left must not move the page.
        page.mouse.move(300, 400)
        page.mouse.wheel(400, 0)
        if _overflow(page) > 0 or page.evaluate("window.scrollX") > 0:
            wide[name] = _overflow(page)
    context.close()
    assert wide == {}


def test_dark_mode_follows_the_system_and_keeps_the_labels_apart(browser, live_server, team):
    project, article, _manager, ann = team
    context, page = _phone(browser, dark=True)
    login(page, live_server, ann)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _luminance(background) < 0.1
    text = page.evaluate("getComputedStyle(document.getElementById('text')).color")
    assert _luminance(text) > 0.6
    styles = {}
    for label in ("quote", "speaker", "cue"):
        styles[label] = page.evaluate(
            """l => { const s = getComputedStyle(document.querySelector('#text .l-' + l));
               return [s.backgroundColor, s.textDecorationStyle, s.fontWeight, s.fontStyle,
                       s.color]; }""",
            label,
        )
    assert len({tuple(style) for style in styles.values()}) == 3
    assert {styles[k][1] for k in ("speaker", "cue")} == {"double", "wavy"}
    # Every label's text stays readable on the dark page.
    for label, style in styles.items():
        assert _luminance(style[4]) > 0.35, label
    # The quote's highlight is dark enough for light text.
    assert _luminance(styles["quote"][0]) < 0.25
    # A key press works the same in the dark: ? opens the key help.
    page.keyboard.press("?")
    assert page.locator("#key-help").is_visible()
    context.close()


def test_dashboard_legend_follows_the_bars_and_equal_lines_stay_apart(page, live_server, team):
    project, _article, manager, _ann = team
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/{project.slug}/dashboard/")
    legend = page.locator("#agreement-legend > span").all_inner_texts()
    bars = page.locator("#agreement-chart rect").evaluate_all(
        "rects => rects.slice(0, 2).map(r => r.querySelector('title').textContent)"
    )
    assert [entry.split(" (")[0].strip() for entry in legend] == [
        b.split(" 0")[0].split(" 1")[0] for b in bars
    ]
    lines = page.locator("#progress-chart polyline.progress-line")
    assert lines.count() == 2
    first, second = (lines.nth(i) for i in range(2))
    assert first.get_attribute("points") != second.get_attribute("points")
    assert first.get_attribute("stroke-dasharray") != second.get_attribute("stroke-dasharray")
    # The mouse finds each line where it is drawn: neither hides under the other.
    page.locator("#progress-chart").scroll_into_view_if_needed()
    for line in (first, second):
        point = line.evaluate(
            """l => { const a = l.points.getItem(0), b = l.points.getItem(1);
               const m = l.getScreenCTM();
               return [(a.x + b.x) / 2 * m.a + m.e, (a.y + b.y) / 2 * m.d + m.f]; }"""
        )
        page.mouse.move(*point)
        hovered = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('polyline')?.dataset.annotator",
            point,
        )
        assert hovered == line.get_attribute("data-annotator")


def _luminance(css_colour: str) -> float:
    numbers = css_colour[css_colour.index("(") + 1 : css_colour.index(")")].replace("/", " ")
    red, green, blue = (float(n) / 255 for n in numbers.replace(",", " ").split()[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
