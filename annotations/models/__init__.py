"""The models, one module per capability; import them from here."""

from .accounts import Profile
from .comments import Comment
from .core import (
    FRAGMENT_JOINER,
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
    "FRAGMENT_JOINER",
    "Annotation",
    "AnnotationEvent",
    "Article",
    "ArticleSuggestions",
    "Comment",
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
