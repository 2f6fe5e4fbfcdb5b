"""The mentions and quotes of a request, checked as `MentionSerializer` and `QuoteSerializer`
check them, in one pass.

DRF builds and runs a serializer per item: 500 mentions cost more than the whole write of a
one-mention change. A well-formed item (the usual case) is checked here with a few type
tests and kept as plain data; any other item goes through the serializer, so errors and
coercions are exactly the serializer's.
"""

from drf_spectacular.drainage import set_override
from rest_framework import serializers

from ..models import Label, QuoteType

LABELS = frozenset(Label.values)
QUOTE_TYPES = frozenset(QuoteType.values)


def _is_int(value) -> bool:
    return type(value) is int


def _is_content(value) -> bool:
    """One mention id, or a non-empty list of them (a quote in fragments)."""
    if _is_int(value):
        return True
    return type(value) is list and bool(value) and all(_is_int(part) for part in value)


def plain_mention(item) -> dict | None:
    """The mention as validated data if it is well formed as it stands, else None."""
    if type(item) is not dict:
        return None
    mention_id, label, start, end = (item.get(k) for k in ("id", "label", "start", "end"))
    if type(label) is not str or label not in LABELS:
        return None
    if not (_is_int(mention_id) and _is_int(start) and _is_int(end)):
        return None
    if start < 0 or end < 0:
        return None
    found = {"id": mention_id, "label": label, "start": start, "end": end}
    if "text" in item:
        if type(item["text"]) is not str:
            return None
        found["text"] = item["text"]
    return found


def plain_quote(item) -> dict | None:
    """The quote as validated data if it is well formed as it stands, else None."""
    if type(item) is not dict:
        return None
    found = {
        "type": item.get("type", QuoteType.DIRECT),
        "content": item.get("content"),
        "speaker_mention": item.get("speaker_mention"),
        "cue": item.get("cue"),
        "speaker": item.get("speaker"),
        "origin": item.get("origin", ""),
    }
    if type(found["type"]) is not str or found["type"] not in QUOTE_TYPES:
        return None
    if not _is_content(found["content"]):
        return None
    if any(
        found[k] is not None and not _is_int(found[k])
        for k in ("speaker_mention", "cue", "speaker")
    ):
        return None
    if type(found["origin"]) is not str or len(found["origin"]) > 40:
        return None
    return found


class RowList(serializers.ListField):
    """A list of `serializer`'s items; `plain(item)` returns the validated data of a
    well-formed item, or None to let the serializer check it. The schema is the
    serializer's (many=True)."""

    def __init__(self, serializer, plain, **kwargs):
        self.serializer, self.plain = serializer, plain
        super().__init__(**kwargs)
        set_override(self, "field", serializer(many=True))

    def to_internal_value(self, data):
        if isinstance(data, (str, dict)) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        rows, errors = [], []
        for item in data:
            row = self.plain(item)
            if row is None:
                checked = self.serializer(data=item)
                if checked.is_valid():
                    row = dict(checked.validated_data)
                else:
                    errors.append(checked.errors)
                    continue
            errors.append({})
            rows.append(row)
        if any(errors):
            raise serializers.ValidationError(errors)
        return rows
