"""brat standoff annotation lines (a .ann file) read into one annotation in the JSONL shape.

`T` text-bound spans (labels through the label map; `QUOTE 0 5;10 15` is a quote in two
fragments), `R` relations and `E` events linking a quote to its speaker and cue, `A`/`M`
attributes (`Type` on a quote: direct, indirect, mixed), `N` normalizations (`Wikidata:Q…`:
the speaker's Wikidata id), `#` notes (`AnnotatorNotes … speaker: Name`: the canonical
speaker) and `*` equivalences (speaker mentions of one person).

Attribution corpora write one event per attribution, `E1 Attribution:T4 Source:T1 Cue:T2
Content:T3`, whose trigger (T4) has a label of its own and often sits on the cue's offsets.
A trigger or argument that the label map leaves out is dropped alone: the event keeps its
other parts. Several Content arguments are the fragments of one quote. What the model cannot
hold is left out with a warning of a kind (counted, not listed line by line, in a report).
"""

import re
from dataclasses import dataclass

from .records import Parsed, Problem
from .spanlinks import TARGET_LABELS, build_annotation, map_label

SPEAKER_NOTE = re.compile(r"^\s*speaker:\s*(.+?)\s*$", re.IGNORECASE)
WIKIDATA = re.compile(r"^(?:Wikidata|wd):(Q[1-9][0-9]*)$", re.IGNORECASE)
SPAN_HEAD = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)")
# Event argument roles that name a quote's parts (digits at the end, as in Speaker2, drop);
# an argument's own span label, mapped, comes first.
EVENT_ROLES = {
    "speaker": "SPEAKER",
    "source": "SPEAKER",
    "agent": "SPEAKER",
    "sayer": "SPEAKER",
    "content": "QUOTE",
    "message": "QUOTE",
    "quote": "QUOTE",
    "theme": "QUOTE",
    "topic": "QUOTE",
    "cue": "CUE",
}
# A span's text on its .ann line: line breaks and tabs would end the line or the field.
ONE_LINE = str.maketrans("\r\n\t", "   ")


def read_ann(ann: str, text: str, parsed: Parsed, label_map: dict[str, str]) -> dict:
    """The annotation a .ann file holds over `text`; problems are added to `parsed`."""
    lines = _AnnLines(text, parsed, label_map)
    for number, line in enumerate(ann.split("\n"), start=1):
        if line.strip():
            lines.read(number, line)
    lines.resolve_events()
    for target, (qid, name) in lines.wikidata.items():
        speaker = lines.speakers.setdefault(target, _speaker(name))
        speaker["wikidata_id"] = qid
    named = {key: speaker for key, speaker in lines.speakers.items() if speaker["name"]}
    annotation = build_annotation(
        text, lines.spans, lines.links, label_map, parsed,
        continuations=lines.continuations, quote_types=lines.types, quote_speakers=named,
    )  # fmt: skip
    _apply_speakers(annotation, named, lines.equivalent, lines.spans, label_map)
    return annotation


class _AnnLines:
    """What the lines of one .ann say, gathered line by line; events are resolved at the end
    (their spans may come after them)."""

    def __init__(self, text: str, parsed: Parsed, label_map: dict[str, str]):
        self.text, self.parsed, self.label_map = text, parsed, label_map
        self.spans: list[dict] = []
        self.labels: dict[str, str] = {}
        self.links: list[tuple[str, str, str]] = []
        self.continuations: list[tuple[str, str, str]] = []
        self.events: list[tuple[str, str, list[tuple[str, str]], int]] = []
        self.types: dict[str, str] = {}
        self.speakers: dict[str, dict] = {}
        self.wikidata: dict[str, tuple[str, str]] = {}
        self.equivalent: list[list[str]] = []

    def problem(self, number: int, message: str, kind: str | None = None) -> None:
        """An error (no kind) or a warning of a kind, on a line of the file."""
        found = Problem(f"{self.parsed.where} line {number}", "", message, kind or "")
        (self.parsed.errors if kind is None else self.parsed.warnings).append(found)

    def read(self, number: int, line: str) -> None:
        """One line, handed to the reader of its kind (its id's first character)."""
        ident, _, rest = line.partition("\t")
        fields = rest.split("\t")
        reader = _LINE_READERS.get(ident[:1])
        if reader is None or not reader(self, _AnnLine(number, ident, fields)):
            self.problem(
                number, f"cannot read {line[:60]!r}: a line starts with T, R, E, A, M, N, # or *"
            )

    def relation(self, line: "_AnnLine") -> bool:
        if len(line.head) != 3:
            return False
        args = [arg.split(":", 1)[1] for arg in line.head[1:] if ":" in arg]
        if len(args) != 2:
            self.problem(line.number, f"{line.ident}: expected 'TYPE Arg1:T… Arg2:T…'")
        else:
            self.links.append((args[0], args[1], line.where))
        return True

    def event(self, line: "_AnnLine") -> bool:
        """Kept until every span is known: `resolve_events` reads it."""
        if not line.head:
            return False
        trigger = line.head[0].partition(":")[2]
        arguments = [argument.partition(":")[::2] for argument in line.head[1:]]
        self.events.append((line.ident, trigger, arguments, line.number))
        return True

    def attribute(self, line: "_AnnLine") -> bool:
        if len(line.head) < 2:
            return False
        name, target, value = (line.head + [""])[:3]
        if name.lower() == "type" and value in ("direct", "indirect", "mixed"):
            self.types[target] = value
        else:
            self.problem(
                line.number,
                f"{line.ident}: attribute {name} {value} on {target} cannot be represented: left out",  # noqa: E501
                f"{name} attributes left out (only Type direct, indirect or mixed is kept)",
            )
        return True

    def normalization(self, line: "_AnnLine") -> bool:
        if len(line.head) != 3:
            return False
        found = WIKIDATA.match(line.head[2])
        if found:
            self.wikidata[line.head[1]] = (found.group(1), line.second)
        else:
            self.problem(
                line.number,
                f"{line.ident}: normalization {line.head[2]} is not a Wikidata id: left out",
                "normalizations that are not Wikidata ids left out",
            )
        return True

    def note(self, line: "_AnnLine") -> bool:
        if len(line.head) < 2:
            return False
        found = SPEAKER_NOTE.match(line.second)
        if found:
            self.speakers[line.head[1]] = _speaker(found.group(1))
        else:
            self.problem(
                line.number,
                f"{line.ident}: note on {line.head[1]} is not 'speaker: Name': left out",
                "notes that are not 'speaker: Name' left out",
            )
        return True

    def equivalence(self, line: "_AnnLine") -> bool:
        self.equivalent.append(line.head[1:])
        return True

    def span_line(self, line: "_AnnLine") -> bool:
        self.span(line.number, line.ident, line.fields)
        return True

    def span(self, number: int, ident: str, fields: list[str]) -> None:
        """A T line: one span, or a quote's fragments joined by continuations."""
        match = SPAN_HEAD.fullmatch(fields[0])
        if not match:
            self.problem(number, f"{ident}: expected 'LABEL START END', found {fields[0]!r}")
            return
        label, offsets = match.groups()
        pieces = sorted(tuple(map(int, piece.split())) for piece in offsets.split(";"))
        given = fields[1] if len(fields) > 1 else None
        where = f"line {number} ({ident})"
        self.labels[ident] = label
        if len(pieces) == 1:
            start, end = pieces[0]
            if given is not None and given.translate(ONE_LINE) == self.text[start:end].translate(
                ONE_LINE
            ):
                given = None  # the line's text with its line breaks as spaces: it matches
            self.spans.append(_span(ident, label, start, end, given, where))
            return
        mapped = map_label(label, self.label_map)
        for (_, end), (start, _) in zip(pieces, pieces[1:], strict=False):
            if start < end:
                self.problem(number, f"{ident}: fragments {offsets} overlap")
                return
        if mapped != "QUOTE":
            start, end = pieces[0]
            self.spans.append(_span(ident, label, start, end, None, where))
            if mapped is not None:
                self.problem(
                    number,
                    f"{ident}: a {label} span in fragments {offsets}: only {start}–{end} was kept",
                    "SPEAKER and CUE spans in fragments cut to their first fragment",
                )
            return
        found = " ".join(self.text[start:end] for start, end in pieces).translate(ONE_LINE)
        if given is not None and given.translate(ONE_LINE) != found:
            self.problem(number, f"{ident}: the fragments {offsets} read {found!r}, not {given!r}")
            return
        for index, (start, end) in enumerate(pieces):
            key = ident if index == 0 else f"{ident};{index + 1}"
            self.spans.append(_span(key, label, start, end, None, where))
            if index:
                self.continuations.append((ident, key, where))

    def resolve_events(self) -> None:
        """Each event as links from its source and cue to its content: a part the label map
        leaves out is dropped alone; several contents are one quote's fragments."""
        left_out: set[str] = set()
        for ident, trigger, _, number in self.events:
            label = self.labels.get(trigger)
            if label is None or trigger in left_out:
                continue
            mapped = map_label(label, self.label_map)
            if mapped in TARGET_LABELS:
                continue
            left_out.add(trigger)
            if mapped is None:
                reason = "left out by the label map"
                kind = "trigger spans left out by the label map"
            else:
                reason = f"left out: {label} names the event (map {label}=CUE to keep it)"
                kind = f"trigger spans labelled {label} left out (map {label}=CUE to keep them)"
            self.problem(number, f"{ident}: its trigger {trigger} ({label}) was {reason}", kind)
        self.spans = [span for span in self.spans if span["key"] not in left_out]
        content_of: dict[str, str] = {}
        for ident, trigger, arguments, number in self.events:
            where = f"line {number} ({ident})"
            parts: dict[str, list[str]] = {"QUOTE": [], "SPEAKER": [], "CUE": []}
            for role, key in arguments:
                if key not in self.labels:
                    self.problem(number, f"{ident}: its {role} argument {key} is not a span here")
                    continue
                mapped = map_label(self.labels[key], self.label_map)
                if mapped is None:
                    self.problem(
                        number,
                        f"{ident}: its {role} argument {key} ({self.labels[key]}) was left out by"
                        " the label map; the rest of the event is kept",
                        "event arguments left out by the label map",
                    )
                    continue
                part = mapped if mapped in TARGET_LABELS else None
                part = part or EVENT_ROLES.get(role.rstrip("0123456789").lower())
                if part is not None:
                    parts[part].append(key)
            if not parts["CUE"] and trigger in self.labels and trigger not in left_out:
                parts["CUE"].append(trigger)
            if not parts["QUOTE"]:
                self.problem(
                    number,
                    f"{ident}: an event without a content has no place in a quote: left out",
                    "events without a content left out",
                )
                continue
            content, *more = parts["QUOTE"]
            content_of[ident] = content
            self.continuations += [(content, fragment, where) for fragment in more]
            self.links += [(key, content, where) for key in parts["SPEAKER"] + parts["CUE"]]
        # Attributes, notes and normalizations on an event belong to its quote.
        for found in (self.types, self.speakers, self.wikidata):
            for event, content in content_of.items():
                if event in found:
                    found.setdefault(content, found.pop(event))


@dataclass
class _AnnLine:
    """One line of a .ann file, cut into its parts."""

    number: int
    ident: str
    fields: list[str]

    @property
    def head(self) -> list[str]:
        return self.fields[0].split()

    @property
    def where(self) -> str:
        return f"line {self.number} ({self.ident})"

    @property
    def second(self) -> str:
        """The second tab-separated field (a span's text, a note's or normalization's text)."""
        return self.fields[1] if len(self.fields) > 1 else ""


# A .ann line's kind (its id's first character) → its reader, which answers False when the
# line does not have that kind's form.
_LINE_READERS = {
    "T": _AnnLines.span_line,
    "R": _AnnLines.relation,
    "E": _AnnLines.event,
    "A": _AnnLines.attribute,
    "M": _AnnLines.attribute,
    "N": _AnnLines.normalization,
    "#": _AnnLines.note,
    "*": _AnnLines.equivalence,
    # A line with an empty id has always been read as an attribute (kept as it was).
    "": _AnnLines.attribute,
}


def _span(key: str, label: str, start: int, end: int, given: str | None, where: str) -> dict:
    return {"key": key, "start": start, "end": end, "label": label, "text": given, "field": where}


def _speaker(name: str) -> dict:
    return {"name": name, "aliases": [], "description": "", "wikidata_id": ""}


def _apply_speakers(
    annotation: dict, named: dict, groups: list[list[str]], spans: list[dict], label_map: dict
) -> None:
    """A quote without a canonical speaker takes the one noted on its speaker mention (a note
    or normalization on the SPEAKER span), else the one of a speaker mention declared
    equivalent (`*`) to a named one."""
    by_position = {(m["start"], m["end"], m["label"]): m["id"] for m in annotation["mentions"]}
    keys_of: dict[int, list[str]] = {}  # a span given twice is one mention with two keys
    for span in spans:
        mention_id = by_position.get(
            (span["start"], span["end"], map_label(span["label"], label_map))
        )
        if mention_id is not None:
            keys_of.setdefault(mention_id, []).append(span["key"])
    for quote in annotation["quotes"]:
        keys = keys_of.get(quote["speaker_mention"], [])
        noted = next((named[key] for key in keys if key in named), None)
        if quote["speaker"] is None and noted:
            quote["speaker"] = dict(noted)
    known = {}
    for quote in annotation["quotes"]:
        if quote["speaker"] and quote["speaker_mention"]:
            for key in keys_of.get(quote["speaker_mention"], []):
                known[key] = quote["speaker"]
    for group in groups:
        speaker = next((known[key] for key in group if key in known), None)
        for quote in annotation["quotes"] if speaker else []:
            keys = keys_of.get(quote["speaker_mention"], [])
            if quote["speaker"] is None and any(key in group for key in keys):
                quote["speaker"] = dict(speaker)
