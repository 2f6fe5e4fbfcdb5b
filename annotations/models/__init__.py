"""The models, one module per capability; import them from here."""

from .accounts import Profile
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
from .counters import SubmissionDay
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
    "Profile",
    "Project",
    "ProjectInvitation",
    "Quote",
    "QuoteType",
    "Role",
    "Speaker",
    "Status",
    "SubmissionDay",
    "SuggestionDecision",
    "text_sha256",
]
