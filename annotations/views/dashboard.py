"""The project dashboard (managers, reviewers): agreement per project and per annotator
pair, and progress per annotator over time, drawn as server-rendered SVG."""

from dataclasses import dataclass
from datetime import timedelta

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import agreement, roles
from .decorators import project_page

PALETTE = ["#1f5fbf", "#c4461a", "#2f8f4e", "#8a3fb5", "#b58900", "#0f7c8c", "#555"]
BAR_LEFT, BAR_WIDTH, BAR_ROW = 170, 380, 34
LINE_LEFT, LINE_TOP, LINE_WIDTH, LINE_HEIGHT = 50, 20, 520, 200


@dataclass
class Bar:
    label: str
    y: int
    exact_width: float
    overlap_width: float
    exact: float | None
    overlap: float | None


@dataclass
class Line:
    annotator: str
    colour: str
    points: str
    label_y: int
    total: int


@require_GET
def dashboard(request, slug):
    project, _role = project_page(request, slug, may=roles.can_see_others)
    result = agreement.project_agreement(project)
    series = agreement.progress(project)
    bars = _bars(result["pairs"])
    lines, first_day, last_day, most = _lines(series)
    context = {
        "project": project,
        "overall": result["project"],
        "pairs": result["pairs"],
        "bars": bars,
        "bar_height": 30 + BAR_ROW * len(bars),
        "bar_left": BAR_LEFT,
        "bar_right": BAR_LEFT + BAR_WIDTH,
        "lines": lines,
        "first_day": first_day,
        "last_day": last_day,
        "most": most,
        "line_box": {
            "left": LINE_LEFT,
            "top": LINE_TOP,
            "right": LINE_LEFT + LINE_WIDTH,
            "bottom": LINE_TOP + LINE_HEIGHT,
        },
    }
    return render(request, "annotations/dashboard.html", context)


def _bars(pairs: list[agreement.Agreement]) -> list[Bar]:
    return [
        Bar(
            label=f"{figures.pair[0]} – {figures.pair[1]}",
            y=20 + BAR_ROW * index,
            exact_width=round((figures.f1_exact or 0) * BAR_WIDTH, 1),
            overlap_width=round((figures.f1_overlap or 0) * BAR_WIDTH, 1),
            exact=figures.f1_exact,
            overlap=figures.f1_overlap,
        )
        for index, figures in enumerate(pairs)
    ]


def _lines(series: dict[str, list[tuple]]):
    """Cumulative submissions per annotator as polylines in the chart's box."""
    days = [day for points in series.values() for day, _ in points]
    if not days:
        return [], None, None, 0
    # The chart starts the day before the first submission, at zero, so one day is a step.
    first, last = min(days) - timedelta(days=1), max(days)
    span = (last - first).days
    most = max(count for points in series.values() for _, count in points)

    def x(day) -> float:
        return round(LINE_LEFT + LINE_WIDTH * (day - first).days / span, 1)

    def y(count) -> float:
        return round(LINE_TOP + LINE_HEIGHT * (1 - count / most), 1)

    lines = []
    for index, (annotator, points) in enumerate(sorted(series.items())):
        coordinates = [(x(first), y(0))]
        previous = 0
        for day, count in points:
            coordinates += [(x(day), y(previous)), (x(day), y(count))]
            previous = count
        coordinates.append((x(last), y(previous)))
        lines.append(
            Line(
                annotator=annotator,
                colour=PALETTE[index % len(PALETTE)],
                points=" ".join(f"{px},{py}" for px, py in coordinates),
                label_y=LINE_TOP + 10 + 16 * index,
                total=previous,
            )
        )
    return lines, first, last, most
