"""Turning other tools' labelled spans and links into one annotation in the JSONL shape.

Shared by the brat, Label Studio and doccano readers: labels go through the user's label
map, every QUOTE span becomes a quote, a link between a QUOTE span and a SPEAKER or CUE span
(in either direction, whatever the link is called) makes that span the quote's speaker
mention or cue, and the quote's type is the tool's if it has one, else direct when the
content sits in quote marks, else indirect. A link named `continues` between two QUOTE spans
makes them fragments of one quote (“…,” he said, “…”), as our exports write them.
"""

from ..quotemarks import quote_type_from_marks
from .records import Parsed, Problem

TARGET_LABELS = ("QUOTE", "SPEAKER", "CUE")
IGNORE = "-"
# The relation that joins a quote's fragments in tools whose regions are one piece each.
CONTINUES = "continues"


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
    continuations: list[tuple[object, object, str]] = (),
    quote_types: dict[object, str] | None = None,
    quote_speakers: dict[object, dict] | None = None,
    annotator: str | None = None,
    status: str = "gold",
    created_at: str | None = None,
    updated_at: str | None = None,
) -> dict:
    """One annotation from spans (`key`, `start`, `end`, `label`, optional `text`, `field`),
    links (key, key, field) and continuations (key, key, field: two QUOTE spans that are
    fragments of one quote). Problems are added to `parsed`.

    A span given twice (same label and offsets) is one mention; a quote linked to a second
    speaker mention or cue keeps the first, with a warning naming both."""
    kept = _mapped_spans(spans, label_map, parsed)
    mentions, id_of = _mentions(text, kept, parsed)
    label_of = {key: mentions[number - 1]["label"] for key, number in id_of.items()}
    ignored = {s["key"] for s in spans} - set(label_of)
    links_in = _LinkCheck(label_of, ignored, parsed)
    groups = _fragment_groups(mentions, continuations, id_of, label_of, links_in, parsed)
    quotes = _quotes(text, mentions, groups, id_of, quote_types or {}, quote_speakers or {})
    _resolve_links(links, quotes, mentions, id_of, label_of, links_in, parsed)
    ordered = sorted({id(q): q for q in quotes.values()}.values(), key=_first_fragment)
    return {
        "annotator": annotator,
        "status": status,
        "created_at": created_at,
        "updated_at": updated_at,
        "mentions": mentions,
        "quotes": [{**quote, "id": number} for number, quote in enumerate(ordered, 1)],
    }


def _mapped_spans(spans: list[dict], label_map: dict[str, str], parsed: Parsed) -> list[dict]:
    """The spans under our labels, in text order; those the label map leaves out are dropped
    (a warning of their kind), those it does not know are errors."""
    kept = []
    for span in spans:
        label = map_label(span["label"], label_map)
        if label is None:
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    span.get("field", "span"),
                    f"a {span['label']} span, left out by the label map",
                    kind=f"spans labelled {span['label']} left out by the label map",
                )
            )
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


def _mentions(text: str, kept: list[dict], parsed: Parsed) -> tuple[list[dict], dict]:
    """One mention a span, numbered from 1 in text order, and each span key's mention id; a
    span given twice (same label and offsets) is one mention."""
    mentions: list[dict] = []
    id_of: dict[object, int] = {}
    at_place: dict[tuple, int] = {}
    for span in kept:
        start, end = span["start"], span["end"]
        place = (span["label"], start, end)
        if isinstance(start, int) and isinstance(end, int) and place in at_place:
            id_of[span["key"]] = at_place[place]
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    span.get("field", "span"),
                    f"{span['label']} {start}–{end} is given twice: one mention",
                    kind="spans given twice at the same offsets, kept as one mention",
                )
            )
            continue
        number = len(mentions) + 1
        in_range = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        mention_text = span.get("text")
        if mention_text is None and in_range:
            mention_text = text[start:end]
        mentions.append(
            {"id": number, "label": span["label"], "start": start, "end": end, "text": mention_text}
        )
        at_place[place] = id_of[span["key"]] = number
    return mentions, id_of


class _LinkCheck:
    """Whether both ends of a link are spans here; a link to a span that is not here (and was
    not left out by the label map) is an error."""

    def __init__(self, label_of: dict, ignored: set, parsed: Parsed):
        self.label_of, self.ignored, self.parsed = label_of, ignored, parsed

    def __call__(self, first, second, field: str) -> bool:
        if first in self.label_of and second in self.label_of:
            return True
        missing = first if first not in self.label_of else second
        if missing not in self.ignored:
            self.parsed.errors.append(
                Problem(self.parsed.where, field, f"links to {missing!r}, which is not a span here")
            )
        return False


def _fragment_groups(mentions, continuations, id_of, label_of, links_in, parsed) -> list[list]:
    """The QUOTE mentions grouped into quotes: those joined by continuations are one quote's
    fragments, in text order (union-find on mention ids)."""
    group_of = {m["id"]: m["id"] for m in mentions if m["label"] == "QUOTE"}

    def root(mention_id: int) -> int:
        while group_of[mention_id] != mention_id:
            mention_id = group_of[mention_id]
        return mention_id

    for first, second, field in continuations:
        if not links_in(first, second, field):
            continue
        if label_of[first] != "QUOTE" or label_of[second] != "QUOTE":
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    field,
                    f"a fragment link between a {label_of[first]} and a {label_of[second]} span"
                    " joins no quote: left out",
                )
            )
            continue
        group_of[root(id_of[first])] = root(id_of[second])
    groups: dict[int, list[int]] = {}
    for mention_id in group_of:
        groups.setdefault(root(mention_id), []).append(mention_id)
    by_id = {m["id"]: m for m in mentions}
    place = lambda m: (_number(by_id[m]["start"]), _number(by_id[m]["end"]), m)  # noqa: E731
    return [sorted(group, key=place) for group in groups.values()]


def _quotes(text, mentions, groups, id_of, quote_types, quote_speakers) -> dict[int, dict]:
    """A quote for each group of fragments, by each fragment's mention id: its type given
    (on any of its spans), else read from the marks."""
    by_id = {m["id"]: m for m in mentions}
    keys_of: dict[int, list] = {}
    for key, mention_id in id_of.items():
        keys_of.setdefault(mention_id, []).append(key)
    quotes: dict[int, dict] = {}
    for group in groups:
        keys = [key for mention_id in group for key in keys_of[mention_id]]
        quote = {
            "id": 0,
            "type": next((quote_types[k] for k in keys if k in quote_types), None)
            or _type_from_marks(text, [by_id[m] for m in group]),
            "content": group[0] if len(group) == 1 else group,
            "speaker_mention": None,
            "cue": None,
            "speaker": next((quote_speakers[k] for k in keys if k in quote_speakers), None),
            "origin": "",
        }
        quotes.update(dict.fromkeys(group, quote))
    return quotes


def _resolve_links(links, quotes, mentions, id_of, label_of, links_in, parsed: Parsed) -> None:
    """Give each quote the SPEAKER and CUE its links name; a second speaker (or cue) for one
    quote is left out with a warning naming both, a link of no use in a quote is a warning."""
    by_id = {m["id"]: m for m in mentions}
    for first, second, field in links:
        if not links_in(first, second, field):
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
        quote = quotes[id_of[pair["QUOTE"]]]
        other = id_of[pair[other_label]]
        if quote[part] is not None and quote[part] != other:
            name = part.replace("_", " ")
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    field,
                    f"the quote at {_span_place(by_id, quote['content'])} already has a {name}"
                    f" ({_span_place(by_id, quote[part])}): the second one"
                    f" ({_span_place(by_id, other)}) was left out",
                    kind=f"quotes linked to a second {name}: the first was kept",
                )
            )
            continue
        quote[part] = other


def _first_fragment(quote: dict) -> int:
    content = quote["content"]
    return content[0] if isinstance(content, list) else content


def _type_from_marks(text: str, fragments: list[dict]) -> str:
    """Direct when every fragment sits in quote marks, indirect when none does, else mixed
    (a fragment outside `text` counts as direct: the importer refuses it anyway)."""
    kinds = set()
    for mention in fragments:
        start, end = mention["start"], mention["end"]
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            kinds.add(quote_type_from_marks(text, start, end))
        else:
            kinds.add("direct")
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _span_place(by_id: dict[int, dict], content: int | list[int]) -> str:
    first = content[0] if isinstance(content, list) else content
    last = content[-1] if isinstance(content, list) else content
    return f"{by_id[first]['start']}–{by_id[last]['end']}"


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1
