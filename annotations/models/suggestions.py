"""What the suggester proposed for an article, and what each annotator decided."""

from django.db import models

from .core import Annotation, Article


class ArticleSuggestions(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="suggestions")
    suggester_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now=True)
    quotes = models.JSONField(default=list, help_text="Proposed quotes with their spans.")

    def __str__(self) -> str:
        return f"suggestions for {self.article_id}"


class SuggestionDecision(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="suggestion_decisions"
    )
    key = models.CharField(max_length=64, help_text="The suggestion's stable key.")
    kind = models.CharField(max_length=40, help_text="The rule that proposed it.")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["annotation", "key"], name="suggestion_decided_once")
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.kind} suggestion {self.key}"
