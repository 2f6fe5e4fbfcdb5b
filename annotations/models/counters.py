"""Counts that PostgreSQL keeps up to date itself (triggers), so that the
dashboard never counts every submitted version. Nothing in Python writes them."""

from django.conf import settings
from django.db import models

from .core import Project


class SubmissionDay(models.Model):
    """How many versions an annotator submitted in a project on a day (by `submitted_at`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "annotator", "day"], name="submissionday_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} submitted on {self.day}"
