"""Turning other tools' labelled spans and links into one annotation in the JSONL shape.

Shared by the brat, Label Studio and doccano readers: labels go through the user's label
map, every QUOTE span becomes a quote, a link between a QUOTE span and a SPEAKER or CUE span
(in either direction, whatever the link is called) makes that span the quote's speaker
mention or cue, and the quote's type is the tool's if it has one, else direct when the
content sits in quote marks, else indirect.
"""

from ..quotemarks import quote_type_from_marks
from .records import Parsed, Problem

TARGET_LABELS = ("QUOTE", "SPEAKER", "CUE")
IGNORE = "-"


def parse_label_map(value: str | dict | None) -> dict[str, str]:
    """`Quotation=QUOTE,Source=SPEAKER,Person=-` → a dict; `-` leaves a label out."""
    if not value:
        return {}
    if isinstance(value, dict):
        pairs = value.items()
    else:
        pairs = []
        for item in value.split(","):
            if not item.strip():
                continue
            if "=" not in item:
                raise ValueError(f"label map entry {item!r} must look like Theirs=QUOTE")
            theirs, ours = item.split("=", 1)
            pairs.append((theirs.strip(), ours.strip()))
    result = {}
    for theirs, ours in pairs:
        ours = ours.upper() if ours != IGNORE else ours
        if ours not in TARGET_LABELS and ours != IGNORE:
            raise ValueError(
                f"label map: {theirs!r} must map to QUOTE, SPEAKER, CUE or -, not {ours!r}"
            )
        result[theirs] = ours
    return result


def map_label(label: object, label_map: dict[str, str]) -> str | None:
    """Our label for theirs, None to leave the span out; unknown labels pass through (the
    importer refuses them with their name)."""
    if not isinstance(label, str):
        return str(label)
    if label in label_map:
        mapped = label_map[label]
        return None if mapped == IGNORE else mapped
    return label.upper() if label.upper() in TARGET_LABELS else label


def build_annotation(
    text: str,
    spans: list[dict],
    links: list[tuple[object, object, str]],
    label_map: dict[str, str],
    parsed: Parsed,
    *,
    quote_types: dict[object, str] | None = None,
    quote_speakers: dict[object, dict] | None = None,
    annotator: str | None = None,
    status: str = "gold",
    created_at: str | None = None,
    updated_at: str | None = None,
) -> dict:
    """One annotation from spans (`key`, `start`, `end`, `label`, optional `text`, `field`)
    and links (key, key, field). Problems are added to `parsed`."""
    kept = _mapped_spans(spans, label_map, parsed)
    mentions = []
    id_of: dict[object, int] = {}
    label_of: dict[object, str] = {}
    for number, span in enumerate(kept, start=1):
        start, end = span["start"], span["end"]
        in_range = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        mention_text = span.get("text")
        if mention_text is None and in_range:
            mention_text = text[start:end]
        mentions.append(
            {"id": number, "label": span["label"], "start": start, "end": end, "text": mention_text}
        )
        id_of[span["key"]] = number
        label_of[span["key"]] = span["label"]
    quotes = _quotes(text, kept, id_of, quote_types or {}, quote_speakers or {})
    ignored = {s["key"] for s in spans} - set(label_of)
    _resolve_links(links, quotes, kept, id_of, label_of, ignored, parsed)
    return {
        "annotator": annotator,
        "status": status,
        "created_at": created_at,
        "updated_at": updated_at,
        "mentions": mentions,
        "quotes": [
            {**quote, "id": number}
            for number, quote in enumerate(sorted(quotes.values(), key=lambda q: q["content"]), 1)
        ],
    }


def _mapped_spans(spans: list[dict], label_map: dict[str, str], parsed: Parsed) -> list[dict]:
    """The spans under our labels, in text order; those the label map leaves out are dropped,
    those it does not know are errors."""
    kept = []
    for span in spans:
        label = map_label(span["label"], label_map)
        if label is None:
            continue
        if label not in TARGET_LABELS:
            parsed.errors.append(
                Problem(
                    parsed.where,
                    f"{span.get('field', 'span')}.label",
                    f"unknown label {span['label']!r}: map it with a label map "
                    f"({span['label']}=QUOTE, SPEAKER, CUE, or {span['label']}=- to leave it out)",
                )
            )
            continue
        kept.append({**span, "label": label})
    kept.sort(key=lambda s: (_number(s["start"]), _number(s["end"]), s["label"]))
    return kept


def _quotes(text: str, kept: list[dict], id_of: dict, quote_types: dict, quote_speakers: dict):
    """A quote for each QUOTE span, by span key: its type given, else read from the marks."""
    quotes = {}
    for span in kept:
        if span["label"] == "QUOTE":
            start, end = span["start"], span["end"]
            guess = "direct"
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                guess = quote_type_from_marks(text, start, end)
            quotes[span["key"]] = {
                "id": len(quotes) + 1,
                "type": quote_types.get(span["key"], guess),
                "content": id_of[span["key"]],
                "speaker_mention": None,
                "cue": None,
                "speaker": quote_speakers.get(span["key"]),
                "origin": "",
            }
    return quotes


def _resolve_links(links, quotes, kept, id_of, label_of, ignored, parsed: Parsed) -> None:
    """Give each quote the SPEAKER and CUE its links name; a link to a missing span or a
    second speaker (or cue) for one quote is an error, any other link a warning."""
    for first, second, field in links:
        if first not in label_of or second not in label_of:
            missing = first if first not in label_of else second
            if missing not in ignored:
                parsed.errors.append(
                    Problem(parsed.where, field, f"links to {missing!r}, which is not a span here")
                )
            continue
        pair = {label_of[first]: first, label_of[second]: second}
        if "QUOTE" not in pair or len(pair) != 2:
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    field,
                    f"a link between a {label_of[first]} and a {label_of[second]} span has no place in a quote: left out",  # noqa: E501
                )
            )
            continue
        other_label = next(label for label in pair if label != "QUOTE")
        part = "speaker_mention" if other_label == "SPEAKER" else "cue"
        quote = quotes[pair["QUOTE"]]
        if quote[part] is not None and quote[part] != id_of[pair[other_label]]:
            parsed.errors.append(
                Problem(
                    parsed.where,
                    field,
                    f"the quote at {_where(kept, pair['QUOTE'])} already has a {part.replace('_', ' ')}",  # noqa: E501
                )
            )
            continue
        quote[part] = id_of[pair[other_label]]


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _where(spans: list[dict], key: object) -> str:
    span = next(s for s in spans if s["key"] == key)
    return f"{span['start']}–{span['end']}"
