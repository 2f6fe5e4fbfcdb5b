"""The offset rules: one place, called by every writer (workspace, API, imports, review).

A span is `[start, end)` in Unicode code points of the article text as stored, exactly
Python's `text[start:end]`. Browsers count UTF-16 code units; `codepoints` converts (the
reference the front end's script follows).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from .errors import FieldError
from .models import Label, Mention, QuoteType


class SpanError(FieldError):
    """A span the text cannot hold; its message says what to fix. The subclasses are
    dataclasses: `field` is a class default and the message is `str()`."""

    field = "span"

    @property
    def message(self) -> str:
        return str(self)


@dataclass
class SpanOutsideText(SpanError):
    start: int
    end: int
    length: int
    field: str = "end"

    def __str__(self) -> str:
        if self.start < 0:
            return f"span {self.start}–{self.end} starts before the text (offsets start at 0)"
        return f"span {self.start}–{self.end} ends after the text ({self.length} characters)"


@dataclass
class EmptySpan(SpanError):
    start: int
    end: int
    field: str = "start"

    def __str__(self) -> str:
        return f"span {self.start}–{self.end} is empty: start must be before end"


@dataclass
class SpanTextMismatch(SpanError):
    start: int
    end: int
    expected: str
    found: str
    field: str = "text"

    def __str__(self) -> str:
        return (
            f"span {self.start}–{self.end} should read {_shorten(self.expected)!r} "
            f"but the article has {_shorten(self.found)!r} there"
        )


@dataclass
class UnknownLabel(SpanError):
    label: str
    field: str = "label"

    def __str__(self) -> str:
        known = ", ".join(Label.values)
        return f"unknown label {self.label!r}: use one of {known}"


@dataclass
class WrongQuotePart(SpanError):
    part: str
    reason: str

    @property
    def field(self) -> str:  # type: ignore[override]
        return self.part

    def __str__(self) -> str:
        return f"{self.part}: {self.reason}"


class TextFrozen(FieldError):
    """The article has annotations: changing its text would move every span."""

    def __init__(self):
        super().__init__(
            "text",
            "the article's text cannot change: "
            "it already has annotations whose offsets depend on it",
        )


def check_span(text: str, start: int, end: int, expected_text: str | None = None) -> str:
    """Return `text[start:end]` if the span is valid, else raise a SpanError.

    `expected_text`, when given, must equal the slice (an import or a client that sends the
    text it saw is checked against the text as stored).
    """
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        raise EmptySpan(start=start, end=end)
    if start < 0 or end > len(text):
        raise SpanOutsideText(start=start, end=end, length=len(text))
    if start >= end:
        raise EmptySpan(start=start, end=end)
    found = text[start:end]
    if expected_text is not None and expected_text != found:
        raise SpanTextMismatch(start=start, end=end, expected=expected_text, found=found)
    return found


# Label.values builds a new list on every access; imports check hundreds of thousands.
_LABELS = frozenset(Label.values)
QUOTE_TYPES = frozenset(QuoteType.values)


def check_label(label: str) -> str:
    if label not in _LABELS:
        raise UnknownLabel(label=label)
    return label


QUOTE_PARTS = (("content", Label.QUOTE), ("speaker_mention", Label.SPEAKER), ("cue", Label.CUE))


def contents_problems(text: str, mentions: list, quotes: list) -> Iterator[tuple[str, str]]:
    """Every problem of an annotation's mentions and quotes given as data (the shape of
    `editing.snapshot`: quotes name their mentions by id), as (field, message) pairs.

    The one check behind every writer of whole annotations: the API, restore, review and
    imports. A mention without an id is numbered from 1 in order.
    """
    labels: dict = {}
    taken = set()
    for index, mention in enumerate(mentions):
        where = f"mentions[{index}]"
        if not isinstance(mention, dict):
            yield where, "must be an object"
            continue
        expected = mention.get("text")
        try:
            label = check_label(mention.get("label"))
            start, end = mention.get("start"), mention.get("end")
            check_span(text, start, end, expected if isinstance(expected, str) else None)
        except SpanError as error:
            yield f"{where}.{error.field}", str(error)
            continue
        key = mention.get("id", index + 1)
        if not isinstance(key, (int, str)):
            yield f"{where}.id", f"mention id {key!r} must be a number or a string"
            continue
        if key in labels:
            yield f"{where}.id", f"mention id {key!r} is used twice"
            continue
        if (label, start, end) in taken:
            yield where, f"there already is a {label} mention at {start}–{end}"
            continue
        taken.add((label, start, end))
        labels[key] = label
    contents = set()
    for index, quote in enumerate(quotes):
        where = f"quotes[{index}]"
        if not isinstance(quote, dict):
            yield where, "must be an object"
            continue
        for part, label in QUOTE_PARTS:
            key = quote.get(part)
            if key is None and part != "content":
                continue
            if not isinstance(key, (int, str)) or key not in labels:
                yield f"{where}.{part}", f"refers to mention {key!r}, which is not in this version"
                break
            if labels[key] != label:
                yield f"{where}.{part}", f"needs a {label} mention, not a {labels[key]} mention"
                break
        else:
            if quote["content"] in contents:
                yield f"{where}.content", "another quote already has this content mention"
                continue
            contents.add(quote["content"])
            kind = quote.get("type", QuoteType.DIRECT)
            if kind not in QUOTE_TYPES:
                yield f"{where}.type", f"unknown quote type {kind!r}: use direct, indirect or mixed"


def check_quote_parts(
    content: Mention, speaker_mention: Mention | None, cue: Mention | None
) -> None:
    """A quote's mentions come from its own annotation and carry the right labels."""
    parts = {"content": (content, Label.QUOTE)}
    if speaker_mention is not None:
        parts["speaker_mention"] = (speaker_mention, Label.SPEAKER)
    if cue is not None:
        parts["cue"] = (cue, Label.CUE)
    for part, (mention, label) in parts.items():
        if mention.annotation_id != content.annotation_id:
            raise WrongQuotePart(part, "the mention belongs to another annotation")
        if mention.label != label:
            raise WrongQuotePart(part, f"needs a {label} mention, not a {mention.label} mention")


def check_text_change(article, new_text: str) -> None:
    """Refuse a change to the text of an article that has annotations with mentions."""
    if article.pk is None or new_text == article.text:
        return
    if Mention.objects.filter(annotation__article_id=article.pk).exists():
        raise TextFrozen()


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
