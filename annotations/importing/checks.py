"""Checking one imported article record completely, before anything is written.

Every problem names the file and line or record (`Parsed.where`) and the field
(`annotations[0].mentions[3].end`); spans go through `spans`, the one offset rule.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .. import spans
from ..formats.records import Parsed, Problem
from ..models import QuoteType, Status

LIMITS = {"external_id": 255, "source": 255, "author": 255, "language": 35, "url": 2000}
STRING_FIELDS = ("external_id", "title", "text", "source", "url", "author", "language")
VERSION_STATUSES = {Status.SUBMITTED, Status.IN_PROGRESS, Status.ASSIGNED, Status.SKIPPED}
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
_url = URLValidator()


@dataclass
class CleanAnnotation:
    annotator_id: int | None
    status: str
    created_at: datetime | None
    updated_at: datetime | None
    mentions: list[dict]
    quotes: list[dict]


@dataclass
class CleanArticle:
    """A record that passed every check, in the form the writer needs."""

    fields: dict
    annotations: list[CleanAnnotation] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return sum(len(a.mentions) for a in self.annotations)

    @property
    def quote_count(self) -> int:
        return sum(len(a.quotes) for a in self.annotations)


def check_record(parsed: Parsed, members: dict[str, int]) -> CleanArticle | None:
    """The clean article, or None with the problems added to `parsed.errors`.

    `members` maps the project's usernames to user ids; a version by anyone else is left out
    with a warning (pseudonymous ids from another installation match nobody).
    """
    record = parsed.record
    before = len(parsed.errors)

    def error(field_name: str, message: str) -> None:
        parsed.errors.append(Problem(parsed.where, field_name, message))

    fields = {}
    for name in STRING_FIELDS:
        value = record.get(name, "")
        if value is None and name != "text":
            value = ""
        if not isinstance(value, str):
            error(name, f"must be a string, not {type(value).__name__}")
            continue
        if "\x00" in value:
            error(name, "contains a NUL character, which PostgreSQL cannot store")
        if name in LIMITS and len(value) > LIMITS[name]:
            error(name, f"is {len(value)} characters long; at most {LIMITS[name]}")
        fields[name] = value
    if not fields.get("external_id", "x").strip():
        error("external_id", "is missing: every article needs an external id")
    if "text" in fields and not fields["text"]:
        error("text", "is missing: every article needs a text")
    if fields.get("url"):
        try:
            _url(fields["url"])
        except ValidationError:
            error("url", f"{fields['url'][:80]!r} is not a valid URL")
    fields["published"] = _date(record.get("published"), error)
    meta = record.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        error("meta", "must be a JSON object")
    elif _holds_nul(meta):
        error("meta", "contains a NUL character (\\u0000), which PostgreSQL cannot store")
    fields["meta"] = meta
    annotations = record.get("annotations") or []
    if not isinstance(annotations, list):
        error("annotations", "must be a list")
        annotations = []
    clean = CleanArticle(fields)
    seen_annotators: set = set()
    for index, annotation in enumerate(annotations):
        result = _annotation(
            parsed, f"annotations[{index}]", annotation, fields.get("text") or "", members, error
        )
        if result is None:
            continue
        if result.annotator_id in seen_annotators:
            who = "the gold version" if result.annotator_id is None else "this annotator"
            error(f"annotations[{index}].annotator", f"a second version by {who}")
            continue
        seen_annotators.add(result.annotator_id)
        clean.annotations.append(result)
        clean.speakers += [q["speaker"] for q in result.quotes if q["speaker"]]
    return clean if len(parsed.errors) == before else None


def _annotation(parsed, prefix, annotation, text, members, error) -> CleanAnnotation | None:
    if not isinstance(annotation, dict):
        error(prefix, "must be an object")
        return None
    annotator = annotation.get("annotator")
    status = annotation.get("status") or (Status.GOLD if annotator is None else Status.SUBMITTED)
    if annotator is None:
        if status != Status.GOLD:
            error(f"{prefix}.status", f"a version without annotator is gold, not {status!r}")
            return None
        annotator_id = None
    else:
        if status not in VERSION_STATUSES:
            error(f"{prefix}.status", f"unknown status {status!r} for an annotator's version")
            return None
        annotator_id = members.get(str(annotator))
        if annotator_id is None:
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    f"{prefix}.annotator",
                    f"annotator {annotator} is not a member of the project: their version was not imported",  # noqa: E501
                )
            )
            return None
    created_at = _timestamp(annotation.get("created_at"), f"{prefix}.created_at", error)
    updated_at = _timestamp(annotation.get("updated_at"), f"{prefix}.updated_at", error)
    raw_mentions = annotation.get("mentions") or []
    raw_quotes = annotation.get("quotes") or []
    if not isinstance(raw_mentions, list) or not isinstance(raw_quotes, list):
        error(prefix, "mentions and quotes must be lists")
        return None
    ok = True
    for field_name, message in spans.contents_problems(text, raw_mentions, raw_quotes):
        error(f"{prefix}.{field_name}", message)
        ok = False
    if not ok:
        return None
    # Checked: the writer gets the mentions in order and the quotes' parts as their indexes.
    index_of = {m.get("id", n + 1): n for n, m in enumerate(raw_mentions)}
    mentions = [
        {
            "label": m["label"],
            "start": m["start"],
            "end": m["end"],
            "text": text[m["start"] : m["end"]],
        }
        for m in raw_mentions
    ]
    quotes = []
    for number, quote in enumerate(raw_quotes):
        where = f"{prefix}.quotes[{number}]"
        parts = {
            part: None if quote.get(part) is None else index_of[quote[part]]
            for part, _label in spans.QUOTE_PARTS
        }
        speaker = _speaker(quote.get("speaker"), f"{where}.speaker", error)
        origin = quote.get("origin") or ""
        if not isinstance(origin, str) or len(origin) > 40:
            error(f"{where}.origin", "must be a string of at most 40 characters")
            ok = False
            continue
        if speaker is False:
            ok = False
            continue
        kind = quote.get("type", QuoteType.DIRECT)
        quotes.append({**parts, "type": kind, "speaker": speaker, "origin": origin})
    if not ok:
        return None
    return CleanAnnotation(annotator_id, status, created_at, updated_at, mentions, quotes)


def _speaker(value, where, error) -> dict | None | bool:
    """The canonical speaker as a clean dict, None for none, False after an error."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        error(where, "must be an object with a name, or null")
        return False
    name = value.get("name")
    aliases = value.get("aliases") or []
    wikidata_id = value.get("wikidata_id") or ""
    description = value.get("description") or ""
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        error(f"{where}.name", "must be a name of 1 to 255 characters")
        return False
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and len(a) <= 255 for a in aliases
    ):
        error(f"{where}.aliases", "must be a list of names")
        return False
    if not isinstance(wikidata_id, str) or (wikidata_id and not WIKIDATA_ID.match(wikidata_id)):
        error(f"{where}.wikidata_id", f"{wikidata_id!r} is not a Wikidata id like Q317207")
        return False
    if not isinstance(description, str):
        error(f"{where}.description", "must be a string")
        return False
    return {
        "name": name,
        "aliases": aliases,
        "description": description,
        "wikidata_id": wikidata_id,
    }


def _holds_nul(value) -> bool:
    """Whether a JSON value has a NUL in any key or string (jsonb refuses them)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _date(value, error) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        error("published", "must be a date like 2023-11-28, or null")
        return None
    try:
        return date.fromisoformat(value[:10] if "T" in value else value)
    except ValueError:
        error("published", f"{value[:40]!r} is not a date like 2023-11-28")
        return None


def _timestamp(value, where, error) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        error(where, f"{str(value)[:40]!r} is not a timestamp like 2026-11-25T02:10:00+00:00")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
