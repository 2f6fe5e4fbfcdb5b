"""The models, one module per capability; import them from here."""

from .core import (
    Annotation,
    Article,
    Label,
    Membership,
    Mention,
    Project,
    Quote,
    QuoteType,
    Role,
    Speaker,
    Status,
    text_sha256,
)
from .history import AnnotationEvent
from .imports import ImportJob
from .invitations import ProjectInvitation
from .suggestions import ArticleSuggestions, SuggestionDecision

__all__ = [
    "Annotation",
    "AnnotationEvent",
    "Article",
    "ArticleSuggestions",
    "ImportJob",
    "Label",
    "Membership",
    "Mention",
    "Project",
    "ProjectInvitation",
    "Quote",
    "QuoteType",
    "Role",
    "Speaker",
    "Status",
    "SuggestionDecision",
    "text_sha256",
]
