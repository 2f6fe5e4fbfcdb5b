"""Notes about the text: a comment or an "unsure" flag on an annotation's article or quote."""

from django.conf import settings
from django.db import models

from .core import Annotation, Quote


class Comment(models.Model):
    class Flag(models.TextChoices):
        NONE = "", "Comment"
        UNSURE = "unsure", "Unsure"

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="comments")
    quote = models.ForeignKey(
        Quote,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Empty: about the article (a deleted quote's notes stay on the article).",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    flag = models.CharField(max_length=10, choices=Flag.choices, blank=True, default="")
    text = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text="When its author last changed it; empty: never."
    )

    class Meta:
        ordering = ["annotation", "created_at", "id"]
        indexes = [models.Index(fields=["annotation", "flag"], name="comment_by_flag")]

    def __str__(self) -> str:
        return f"{self.flag or 'comment'} on {self.annotation_id}"
