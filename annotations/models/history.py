"""Every change to an annotation, with who, when, what, and the state after it."""

from django.conf import settings
from django.db import models

from .core import Annotation


class AnnotationEvent(models.Model):
    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40, help_text="mention_created, quote_deleted, status…")
    version = models.PositiveIntegerField(help_text="The annotation's version after the change.")
    detail = models.JSONField(default=dict, blank=True, help_text="What changed.")
    snapshot = models.JSONField(
        default=dict, blank=True, help_text="The whole annotation after the change, to restore."
    )

    class Meta:
        ordering = ["annotation", "at", "id"]
        indexes = [models.Index(fields=["annotation", "version"], name="event_by_version")]

    def __str__(self) -> str:
        return f"{self.action} on {self.annotation_id} v{self.version}"
