"""An export's parameters (status, source, publication dates), read and checked in one place
for every export route: the export page, its download redirect, the API's
`/projects/SLUG/export.F` and `manage.py export_dataset`.

Bad values (an unknown status, a NUL character, a date that is not YYYY-MM-DD) are an
`ExportError` naming the parameter, raised before anything is queried or streamed.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import QuerySet

from . import exporting
from .exporting import DEFAULT_STATUS, EXPORT_STATUSES, ExportError, ExportFilters
from .models import Project, Role

DATE_MESSAGE = "not a date: use YYYY-MM-DD"
NAMES = ("status", "source", "published_after", "published_before", "raw")


class ExportParams(forms.Form):
    status = forms.ChoiceField(
        choices=[(name, name) for name in EXPORT_STATUSES],
        required=False,
        error_messages={
            "invalid_choice": f"unknown status “%(value)s”: use {', '.join(EXPORT_STATUSES)}"
        },
    )
    # CharField refuses NUL characters (PostgreSQL text cannot hold them).
    source = forms.CharField(required=False, max_length=255)
    published_after = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], error_messages={"invalid": DATE_MESSAGE}
    )
    published_before = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], error_messages={"invalid": DATE_MESSAGE}
    )
    # CSV cells a spreadsheet would run are neutralised unless raw=1 (for programs).
    raw = forms.ChoiceField(choices=[("", ""), ("0", "0"), ("1", "1")], required=False)


@dataclass
class Selection:
    status: str
    filters: ExportFilters
    query: dict  # the parameters that were given, cleaned, to put in a URL again
    raw: bool = False  # CSV cells kept as they are, formulas included

    def annotations(self, project: Project, *, user=None, role: Role | None = None) -> QuerySet:
        """The annotations this selection exports, as the role allows (no role: all)."""
        return exporting.export_annotations(
            project, self.status, user=user, role=role, filters=self.filters
        )


def read(params) -> Selection:
    """The selection a request's (or a command's) parameters ask for; ExportError naming the
    first bad parameter."""
    form = ExportParams({name: params.get(name) or "" for name in NAMES})
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        message = errors[0]
        if message == DATE_MESSAGE:
            message = f"{params.get(name)!r} is {DATE_MESSAGE}"
        raise ExportError(name, message)
    data = form.cleaned_data
    published_after: date | None = data["published_after"]
    published_before: date | None = data["published_before"]
    return Selection(
        status=data["status"] or DEFAULT_STATUS,
        filters=ExportFilters(
            source=data["source"],
            published_after=published_after,
            published_before=published_before,
        ),
        query={name: params.get(name) for name in NAMES if params.get(name)},
        raw=data["raw"] == "1",
    )
