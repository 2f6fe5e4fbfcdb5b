"""A compact format for writing reference annotations by hand, turned into records of the
newsquotes JSONL article format (so that offsets are computed, never typed).

    ## dev-07 appositive_subject two_speakers
    ⟦q1 We will not back down,⟧ ⟦c1 said⟧ ⟦s1 Mark Burman⟧, the union's leader.
    > q1 direct s1 c1 Mark Burman

A record opens with `## ID CLASS…`; its text follows, `⟦ID words⟧` marking a span (spans may
nest); each `> QUOTE TYPE SPEAKER CUE [CANONICAL NAME]` line makes a quote of the spans named
(`-` for none); `q1+q2` is one quote in two pieces (“A,” he said, “B.”). Blank lines
inside a record are paragraph breaks of its text.
"""

from collections.abc import Iterable, Iterator

OPEN, CLOSE = "⟦", "⟧"
LABELS = {"q": "QUOTE", "s": "SPEAKER", "c": "CUE"}
TYPES = ("direct", "indirect", "mixed")


class GoldTextError(ValueError):
    """A hand-written record that cannot be read; the message names the line."""


def read_gold_text(lines: Iterable[str]) -> Iterator[dict]:
    """The records of a hand-written file as JSONL article records (gold annotation)."""
    header, body, quote_lines = None, [], []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if line.startswith("## "):
            if header:
                yield _record(*header, body, quote_lines)
            header, body, quote_lines = (number, line[3:].split()), [], []
        elif line.startswith("> "):
            quote_lines.append((number, line[2:]))
        elif header:
            body.append(line)
        elif line.strip() and not line.startswith("#"):
            raise GoldTextError(f"line {number}: text before the first '## ID' header")
    if header:
        yield _record(*header, body, quote_lines)


def _record(number: int, header: list[str], body: list[str], quote_lines) -> dict:
    if not header:
        raise GoldTextError(f"line {number}: a record needs an id after '##'")
    marked = "\n".join(body).strip("\n")
    text, spans = _unmark(marked, number)
    mentions, ids = [], {}
    for span_id, (start, end) in spans.items():
        label = LABELS.get(span_id[0])
        if label is None:
            raise GoldTextError(f"record {header[0]}: span id {span_id!r} must start q, s or c")
        ids[span_id] = len(mentions) + 1
        mentions.append(
            {
                "id": ids[span_id],
                "label": label,
                "start": start,
                "end": end,
                "text": text[start:end],
            }
        )
    quotes = []
    for line_number, line in quote_lines:
        parts = line.split(maxsplit=4)
        if len(parts) < 4 or parts[1] not in TYPES:
            raise GoldTextError(f"line {line_number}: expected '> q1 TYPE s1|- c1|- [Name]'")
        content, kind, speaker, cue = parts[:4]
        pieces = content.split("+")
        for part in (*pieces, speaker, cue):
            if part != "-" and part not in ids:
                raise GoldTextError(f"line {line_number}: no span {part!r} in the text")
        name = parts[4].strip() if len(parts) > 4 else ""
        name = "" if name == "-" else name
        quotes.append(
            {
                "id": len(quotes) + 1,
                "type": kind,
                "content": ids[content] if len(pieces) == 1 else [ids[p] for p in pieces],
                "speaker_mention": ids.get(speaker),
                "cue": ids.get(cue),
                "speaker": {"name": name, "aliases": []} if name else None,
            }
        )
    return {
        "external_id": header[0],
        "title": header[0],
        "text": text,
        "metadata": {"classes": header[1:]},
        "annotations": [
            {"annotator": None, "status": "gold", "mentions": mentions, "quotes": quotes}
        ],
    }


def _unmark(marked: str, number: int) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text without its marks, and each marked span's offsets in it."""
    out: list[str] = []
    length = 0
    open_spans: list[tuple[str, int]] = []
    spans: dict[str, tuple[int, int]] = {}
    index = 0
    while index < len(marked):
        char = marked[index]
        if char == OPEN:
            space = marked.find(" ", index)
            span_id = marked[index + 1 : space]
            if span_id in spans or any(s == span_id for s, _ in open_spans):
                raise GoldTextError(f"record at line {number}: span {span_id!r} marked twice")
            open_spans.append((span_id, length))
            index = space + 1
            continue
        if char == CLOSE:
            if not open_spans:
                raise GoldTextError(f"record at line {number}: {CLOSE} closes nothing")
            span_id, start = open_spans.pop()
            spans[span_id] = (start, length)
        else:
            out.append(char)
            length += 1
        index += 1
    if open_spans:
        raise GoldTextError(f"record at line {number}: span {open_spans[-1][0]!r} never closed")
    return "".join(out), spans
