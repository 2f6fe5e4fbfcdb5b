"""Builders shared by the tests: users, projects, articles and annotations; the team's
submitted versions; import files; the role-matrix world; the demo's reference quotes; a browser
login. Fixtures built from them are in conftest.py."""

import io
import itertools
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations import demo, editing
from annotations.models import (
    Annotation,
    Article,
    Label,
    Membership,
    Project,
    Role,
    Speaker,
    Status,
)

# -- users, projects, articles, annotations ---------------------------------------------------

_counter = itertools.count(1)


def make_user(username: str | None = None, password: str = "pass-word-123", **fields):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_project(slug: str | None = None, **fields) -> Project:
    number = next(_counter)
    slug = slug or f"project-{number}"
    return Project.objects.create(name=fields.pop("name", f"Project {number}"), slug=slug, **fields)


def add_member(project: Project, user=None, role: str = Role.ANNOTATOR):
    user = user or make_user()
    Membership.objects.create(project=project, user=user, role=role)
    return user


def make_article(project: Project, text: str = "Alice said: “Hello, world.”", **fields) -> Article:
    number = next(_counter)
    return Article.objects.create(
        project=project,
        external_id=fields.pop("external_id", f"article-{number}"),
        title=fields.pop("title", f"Article {number}"),
        text=text,
        **fields,
    )


def make_speaker(project: Project, name: str = "Alice", **fields) -> Speaker:
    return Speaker.objects.create(project=project, name=name, **fields)


def make_annotation(article: Article, annotator=None, status: str | None = None) -> Annotation:
    status = status or (Status.GOLD if annotator is None else Status.IN_PROGRESS)
    return Annotation.objects.create(article=article, annotator=annotator, status=status)


# -- submitted versions of a three-quote text, through `editing` ------------------------------

TEAM_TEXT = "Alice said: “Hello, world.” Bob added that it rained. Carol wrote: “Fine.”"
HELLO, RAINED, THAT_RAINED, FINE = (13, 26), (43, 52), (38, 52), (68, 73)
ALICE, BOB, CAROL = (0, 5), (28, 31), (54, 59)
SAID, ADDED, WROTE = (6, 10), (32, 37), (60, 65)


def version(article, user, quotes, *, status=Status.SUBMITTED):
    """A version of `user` with `quotes`: dicts of content, type, speaker, mention, cue."""
    annotation = editing.own_annotation(article, user)
    for spec in quotes:
        parts = {}
        for name, label in (("mention", "SPEAKER"), ("cue", "CUE")):
            if spec.get(name):
                start, end = spec[name]
                parts[name] = _mention(annotation, label, start, end)
        start, end = spec["content"]
        editing.add_quote(
            annotation,
            content=editing.add_mention(annotation, label="QUOTE", start=start, end=end),
            type=spec.get("type", "direct"),
            speaker=spec.get("speaker"),
            speaker_mention=parts.get("mention"),
            cue=parts.get("cue"),
        )
    if status != Status.IN_PROGRESS:
        editing.set_status(annotation, status)
    annotation.refresh_from_db()
    return annotation


def _mention(annotation, label, start, end):
    existing = annotation.mentions.filter(label=label, start=start, end=end).first()
    return existing or editing.add_mention(annotation, label=label, start=start, end=end)


# -- import files: newsquotes JSONL records and friends ----------------------------------------

IMPORT_TEXT = "Alice said: “We will win.” Bob added that it was over."
# IMPORT_TEXT: QUOTE “We will win.” content without marks: 13–25; SPEAKER Alice 0–5; CUE said 6–10.


def record(external_id: str = "a1", text: str = IMPORT_TEXT, annotations=None, **fields) -> dict:
    base = {
        "external_id": external_id, "title": "A title", "text": text, "source": "Wire",
        "url": "", "author": "", "published": "2023-11-28", "language": "en", "meta": {},
    }  # fmt: skip
    base.update(fields)
    if annotations is not None:
        base["annotations"] = annotations
    return base


def gold(mentions=None, quotes=None, annotator=None, status="gold") -> dict:
    mentions = mentions if mentions is not None else [
        {"id": 1, "label": "SPEAKER", "start": 0, "end": 5, "text": "Alice"},
        {"id": 2, "label": "CUE", "start": 6, "end": 10, "text": "said"},
        {"id": 3, "label": "QUOTE", "start": 13, "end": 25, "text": "We will win."},
    ]  # fmt: skip
    quotes = quotes if quotes is not None else [
        {"id": 1, "type": "direct", "content": 3, "speaker_mention": 1, "cue": 2,
         "speaker": {"name": "Alice Smith", "aliases": ["Alice"], "description": "", "wikidata_id": ""},  # noqa: E501
         "origin": ""},
    ]  # fmt: skip
    return {
        "annotator": annotator, "status": status, "created_at": "2026-11-25T02:10:00+00:00",
        "updated_at": "2026-11-25T02:10:00+00:00", "mentions": mentions, "quotes": quotes,
    }  # fmt: skip


def jsonl_upload(*records, name: str = "a.jsonl") -> SimpleUploadedFile:
    """An uploaded JSONL file of `records`, as a form or the API receives it."""
    content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    return SimpleUploadedFile(name, content)


def byte_stream(content: str | bytes) -> io.BytesIO:
    """A binary stream of `content` (UTF-8), as the format readers get it."""
    return io.BytesIO(content.encode("utf-8") if isinstance(content, str) else content)


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path


# -- the role-matrix world: one member of each role --------------------------------------------

WORLD_TEXT = "Alice said: “Hello, world.” Bob added that all was well."


@dataclass
class World:
    project: object
    users: dict
    article: object
    fresh_article: object
    gold: object
    own: object  # the annotator's own version, in progress
    submitted: object  # another annotator's submitted version
    speaker: object


def build_world() -> World:
    """A project with one member of each role, an article with a gold version, the annotator's
    own version in progress and another annotator's submitted version; an unannotated article."""
    project = make_project(slug="roles")
    users = {role: add_member(project, role=role) for role in Role.values}
    users["outsider"] = add_member(make_project(), role=Role.MANAGER)
    other = add_member(project, role=Role.ANNOTATOR)
    article = make_article(project, text=WORLD_TEXT, published="2024-01-02", source="Wire")
    fresh_article = make_article(project, text=WORLD_TEXT)
    speaker = make_speaker(project, name="Alice", aliases=["Ms Alice"])
    gold = editing.gold_annotation(article)
    _one_quote(gold, speaker)
    own = editing.own_annotation(article, users[Role.ANNOTATOR])
    _one_quote(own, speaker)
    submitted = editing.own_annotation(article, other)
    _one_quote(submitted, speaker)
    editing.set_status(submitted, Status.SUBMITTED)
    for annotation in (gold, own, submitted):
        annotation.refresh_from_db()
    return World(project, users, article, fresh_article, gold, own, submitted, speaker)


def _one_quote(annotation, speaker):
    content = editing.add_mention(annotation, label=Label.QUOTE, start=13, end=26)
    who = editing.add_mention(annotation, label=Label.SPEAKER, start=0, end=5)
    cue = editing.add_mention(annotation, label=Label.CUE, start=6, end=10)
    editing.add_quote(annotation, content=content, speaker_mention=who, cue=cue, speaker=speaker)


def api_client(user) -> Client:
    if user is None:
        return Client()
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


# -- the demo article's reference quotes ---------------------------------------------------------

REFERENCE = json.loads((demo.FIXTURES / "peskov_nato.gold.json").read_text(encoding="utf-8"))


def reference_quotes() -> set:
    def span(part):
        return (part["start"], part["end"], part["text"]) if part else None

    return {
        (
            span(q["content"]),
            q["type"],
            q.get("speaker"),
            span(q.get("speaker_mention")),
            span(q.get("cue")),
        )
        for q in REFERENCE["quotes"]
    }


# -- browser ------------------------------------------------------------------------------------


def login(page, live_server, user, password: str = "pass-word-123") -> None:
    """Log `user` in through the login form (the builders' default password)."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
