"""The demo project: the example article, its speakers, five users and the reference gold
annotation, so that a new installation has something to annotate and to export."""

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from . import editing, projects
from .models import Annotation, Article, Membership, Project, Role, Speaker

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_SLUG = "kremlin-nato"
PROJECT_NAME = "Kremlin and NATO statements"
ARTICLE_ID = "peskov-nato-2023-11-28"
DEMO_USERS = {
    "manager": Role.MANAGER,
    "annotator1": Role.ANNOTATOR,
    "annotator2": Role.ANNOTATOR,
    "reviewer": Role.REVIEWER,
    "viewer": Role.VIEWER,
}
GUIDELINES = """\
# Annotating quotes

Mark every statement attributed to a source.

- **QUOTE**: what was said, without the quote marks. Direct quotes reproduce the words;
  indirect quotes report them ("He alleged that …"); mixed quotes do both.
- **SPEAKER**: the words that name the source in the text: a name, a role ("the NATO
  Secretary-General") or a pronoun ("he"). Link the canonical speaker too.
- **CUE**: the reporting verb or phrase ("told reporters", "argued", "in Peskov's opinion").
"""


@dataclass
class DemoResult:
    project: Project
    created_users: dict[str, str] = field(default_factory=dict)  # username → password
    created_project: bool = False


def load_demo(password: str | None = None) -> DemoResult:
    """Create what is missing of the demo; change nothing that exists (idempotent)."""
    password = password or os.environ.get("NEWSQUOTES_DEMO_PASSWORD")
    reference = json.loads((FIXTURES / "peskov_nato.gold.json").read_text(encoding="utf-8"))
    text = (FIXTURES / "peskov_nato.txt").read_text(encoding="utf-8")
    with transaction.atomic():
        project, created_project = Project.objects.get_or_create(
            slug=PROJECT_SLUG,
            defaults={"name": PROJECT_NAME, "guidelines": GUIDELINES, "overlap": 2},
        )
        result = DemoResult(project=project, created_project=created_project)
        _users(project, password, result)
        article, _ = Article.objects.get_or_create(
            project=project,
            external_id=ARTICLE_ID,
            defaults={
                "title": reference["title"],
                "text": text,
                "source": "Wire story",
                "published": "2023-11-28",
                "language": "en",
            },
        )
        speakers = {}
        for entry in reference["speakers"]:
            speakers[entry["name"]], _ = Speaker.objects.get_or_create(
                project=project,
                name=entry["name"],
                defaults={"aliases": entry["aliases"], "description": entry["description"]},
            )
        if not Annotation.objects.filter(article=article, annotator=None).exists():
            gold = editing.gold_annotation(article)
            editing.replace_contents(
                gold, reference_contents(reference, speakers), action="demo_loaded"
            )
    return result


def reference_contents(reference: dict, speakers: dict[str, Speaker]) -> dict:
    """The reference file's quotes in `editing.snapshot` shape, mentions shared by span."""
    mentions: dict[tuple, dict] = {}

    def mention(label: str, span: dict | None) -> int | None:
        if not span:
            return None
        key = (label, span["start"], span["end"])
        if key not in mentions:
            mentions[key] = {"id": len(mentions) + 1, "label": label, **span}
        return mentions[key]["id"]

    quotes = [
        {
            "type": quote["type"],
            "content": mention("QUOTE", quote["content"]),
            "speaker_mention": mention("SPEAKER", quote.get("speaker_mention")),
            "cue": mention("CUE", quote.get("cue")),
            "speaker": speakers[quote["speaker"]].pk if quote.get("speaker") else None,
        }
        for quote in reference["quotes"]
    ]
    return {"mentions": list(mentions.values()), "quotes": quotes}


def _users(project: Project, password: str | None, result: DemoResult) -> None:
    User = get_user_model()
    for username, role in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user_password = password or secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username=username, password=user_password, email=f"{username}@example.org"
            )
            if role == Role.MANAGER:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            result.created_users[username] = user_password
        if role == Role.MANAGER:
            projects.grant_create_permission(user)
        Membership.objects.get_or_create(project=project, user=user, defaults={"role": role})
