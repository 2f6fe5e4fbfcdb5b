"""brat standoff in a .zip: per article `<external_id>.txt` (the text, UTF-8) and
`<external_id>.ann`; the gold version at the top of the zip, each annotator's version in a
folder named for the annotator.

In the .ann: `T<n>` text-bound lines for mentions (QUOTE, SPEAKER, CUE; offsets are code
points of the .txt read as UTF-8), `said_by` and `cue_of` relations from the speaker or cue
to the quote, a `Type` attribute on the quote (direct, indirect, mixed), the canonical
speaker as an AnnotatorNotes comment, and a Wikidata normalization when the speaker has one.
"""

import pickle
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .records import FileProblem, Parsed, Problem, article_record, decode_text
from .spanlinks import build_annotation, map_label
from .streams import DrainingSink
from .text import ZipLimits, zip_members


def write_brat_zip(records: Iterable[dict]) -> Iterator[bytes]:
    """A zip of .txt/.ann pairs, yielded as it is written (the zip is never whole in memory)."""
    sink = DrainingSink()
    with _FlatZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            name = brat_file_stem(record["external_id"])
            for annotation in record.get("annotations") or []:
                folder = "" if annotation["annotator"] is None else f"{annotation['annotator']}/"
                archive.writestr(f"{folder}{name}.txt", record["text"].encode("utf-8"))
                archive.writestr(f"{folder}{name}.ann", brat_ann(annotation).encode("utf-8"))
            yield sink.drain()
    yield sink.drain()


class _SpooledEntries:
    """zipfile's list of entries (ZipInfo), kept in a temporary file instead of memory: a zip's
    central directory needs every entry at the end, and a large export has a million."""

    def __init__(self) -> None:
        # Open as long as the zip is; _FlatZipFile.close closes it.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._count = 0

    def close(self) -> None:
        self._file.close()

    def append(self, entry: zipfile.ZipInfo) -> None:
        pickle.dump(entry, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[zipfile.ZipInfo]:
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)


class _NoNames(dict):
    """zipfile's name index, left empty: names are unique here by construction (one folder per
    version, one file name per external id), and the index would grow with the zip."""

    def __setitem__(self, name, entry) -> None:
        pass


class _FlatZipFile(zipfile.ZipFile):
    """A write-only ZipFile whose memory stays flat however many files it holds."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filelist = _SpooledEntries()
        self.NameToInfo = _NoNames()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.filelist.close()


def brat_file_stem(external_id: str) -> str:
    """The external id as a file name: characters a path cannot hold become `_`."""
    stem = re.sub(r"[^\w.\-]", "_", external_id)
    return "_" + stem if stem.startswith(".") else stem


# A span's text on its .ann line: line breaks and tabs would end the line or the field.
_ONE_LINE = str.maketrans("\r\n\t", "   ")


def brat_ann(annotation: dict) -> str:
    """One annotation (JSONL shape) as brat standoff lines."""
    lines = []
    for mention in annotation["mentions"]:
        text = mention["text"].translate(_ONE_LINE)
        lines.append(
            f"T{mention['id']}\t{mention['label']} {mention['start']} {mention['end']}\t{text}"
        )
    relation = note = 0
    for attribute, quote in enumerate(annotation["quotes"], start=1):
        target = f"T{quote['content']}"
        for part, kind in (("speaker_mention", "said_by"), ("cue", "cue_of")):
            if quote[part] is not None:
                relation += 1
                lines.append(f"R{relation}\t{kind} Arg1:T{quote[part]} Arg2:{target}")
        lines.append(f"A{attribute}\tType {target} {quote['type']}")
        speaker = quote["speaker"]
        if speaker:
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes {target}\tspeaker: {speaker['name']}")
            if speaker.get("wikidata_id"):
                reference = f"Reference {target} Wikidata:{speaker['wikidata_id']}"
                lines.append(f"N{note}\t{reference}\t{speaker['name']}")
    return "\n".join(lines) + "\n" if lines else ""


# --- reading ------------------------------------------------------------------------------
# T text-bound spans (labels through the label map), R relations and E events (linking a quote
# to its speaker and cue), A/M attributes (`Type` on a quote), N normalizations (`Wikidata:Q…`
# on a quote: its speaker's Wikidata id), # notes (`AnnotatorNotes` on a quote reading
# `speaker: Name`: its canonical speaker) and * equivalences (speaker mentions of one person).
# What the model cannot hold — a discontinuous span, other attributes, notes and
# normalizations — is reported as a warning and left out.

SPEAKER_NOTE = re.compile(r"^\s*speaker:\s*(.+?)\s*$", re.IGNORECASE)
WIKIDATA = re.compile(r"^(?:Wikidata|wd):(Q[1-9][0-9]*)$", re.IGNORECASE)
# Event argument roles that name a quote's parts (digits at the end, as in Speaker2, drop).
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


def read_brat_zip(
    path: str, name: str, label_map: dict[str, str], limits: ZipLimits | None = None
) -> Iterator[Parsed]:
    """One Parsed per document of the zip: the .txt/.ann pair at the top (or in any folder
    when the zip has no top-level pairs) is the gold version; a pair in a folder beside
    top-level pairs is the version of the annotator the folder is named for."""
    texts: dict[str, bytes] = {}
    anns: dict[str, bytes] = {}
    for member, data, warning in zip_members(path, name, (".txt", ".ann"), limits):
        if warning is not None:
            if not member.endswith((".conf", ".stats_cache")):
                yield Parsed(warning.where, None, [], [warning])
            continue
        (texts if member.endswith(".txt") else anns)[member[:-4]] = data
    for stem in sorted(set(anns) - set(texts)):
        where = f"{name}:{stem}.ann"
        yield Parsed(where, None, [Problem(where, "", "has no .txt beside it")])
    if not texts:
        raise FileProblem(name, "the zip holds no .txt files")
    top = {stem for stem in texts if "/" not in stem}
    for stem in sorted(top or texts):
        parsed = read_brat_document(
            PurePosixPath(stem).name, texts[stem], anns.get(stem), f"{name}:{stem}", label_map
        )
        if top and parsed.record is not None:
            for other in sorted(texts):
                folder, _, base = other.rpartition("/")
                if folder and base == stem and anns.get(other) is not None:
                    version = read_brat_document(
                        stem, texts[other], anns[other], f"{name}:{other}", label_map
                    )
                    parsed.errors += version.errors
                    parsed.warnings += version.warnings
                    if (
                        version.record is not None
                        and version.record["text"] != parsed.record["text"]
                    ):
                        parsed.errors.append(
                            Problem(
                                f"{name}:{other}.txt", "text", "differs from the top-level .txt"
                            )
                        )
                    elif version.record is not None:
                        for annotation in version.record["annotations"]:
                            annotation.update(annotator=folder, status="submitted")
                            parsed.record["annotations"].append(annotation)
        yield parsed


def read_brat_document(
    external_id: str,
    text_bytes: bytes,
    ann_bytes: bytes | None,
    where: str,
    label_map: dict[str, str],
) -> Parsed:
    try:
        text = decode_text(text_bytes, f"{where}.txt")
    except FileProblem as problem:
        return Parsed(f"{where}.txt", None, [problem.problem])
    title = text.lstrip().split("\n", 1)[0].strip()
    parsed = Parsed(f"{where}.ann", article_record(external_id=external_id, title=title, text=text))
    if ann_bytes is None:
        return parsed
    try:
        ann = decode_text(ann_bytes, f"{where}.ann")
    except FileProblem as problem:
        return Parsed(f"{where}.ann", None, [problem.problem])
    _read_ann(ann, text, parsed, label_map)
    return parsed


@dataclass
class _AnnLine:
    """One line of a .ann file, cut into its parts."""

    number: int
    ident: str
    fields: list[str]
    head: list[str]

    @property
    def where(self) -> str:
        return f"line {self.number} ({self.ident})"

    @property
    def second(self) -> str:
        """The second tab-separated field (a span's text, a note's or normalization's text)."""
        return self.fields[1] if len(self.fields) > 1 else ""


@dataclass
class _AnnState:
    """What the lines of one .ann file have said so far."""

    parsed: Parsed
    label_map: dict[str, str]
    spans: list[dict] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, dict] = field(default_factory=dict)
    wikidata: dict[str, tuple[str, str]] = field(default_factory=dict)
    equivalent: list[list[str]] = field(default_factory=list)

    def problem(self, line: _AnnLine, message: str, warning: bool = False) -> None:
        found = Problem(f"{self.parsed.where} line {line.number}", "", message)
        (self.parsed.warnings if warning else self.parsed.errors).append(found)


def _span_line(state: _AnnState, line: _AnnLine) -> bool:
    match = re.fullmatch(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)", line.fields[0])
    if not match:
        state.problem(line, f"{line.ident}: expected 'LABEL START END', found {line.fields[0]!r}")
        return True
    label, offsets = match.groups()
    if ";" in offsets:
        state.problem(
            line,
            f"{line.ident}: discontinuous span {offsets} cannot be represented (a span is one piece): left out",  # noqa: E501
            True,
        )
        return True
    start, end = map(int, offsets.split())
    state.labels[line.ident] = label
    state.spans.append(
        {
            "key": line.ident,
            "start": start,
            "end": end,
            "label": label,
            "text": line.fields[1] if len(line.fields) > 1 else None,
            "field": line.where,
        }
    )
    return True


def _relation_line(state: _AnnState, line: _AnnLine) -> bool:
    if len(line.head) != 3:
        return False
    args = [arg.split(":", 1)[1] for arg in line.head[1:] if ":" in arg]
    if len(args) != 2:
        state.problem(line, f"{line.ident}: expected 'TYPE Arg1:T… Arg2:T…'")
        return True
    state.links.append((args[0], args[1], line.where))
    return True


def _event_line(state: _AnnState, line: _AnnLine) -> bool:
    if not line.head:
        return False
    trigger = line.head[0].partition(":")[2]
    members: dict[str, str] = {}
    if trigger in state.labels:
        members[map_label(state.labels[trigger], state.label_map) or ""] = trigger
    for argument in line.head[1:]:
        role, _, target = argument.partition(":")
        ours = EVENT_ROLES.get(role.rstrip("0123456789").lower())
        members.setdefault(
            ours or map_label(state.labels.get(target, ""), state.label_map) or "", target
        )
    if "QUOTE" not in members:
        state.problem(
            line,
            f"{line.ident}: an event without a content argument has no place in a quote: left out",
            True,
        )
        return True
    for part in ("SPEAKER", "CUE"):
        if part in members:
            state.links.append((members[part], members["QUOTE"], line.where))
    return True


def _attribute_line(state: _AnnState, line: _AnnLine) -> bool:
    if len(line.head) < 2:
        return False
    name, target, value = (line.head + [""])[:3]
    if name.lower() == "type" and value in ("direct", "indirect", "mixed"):
        state.types[target] = value
    else:
        state.problem(
            line,
            f"{line.ident}: attribute {name} {value} on {target} cannot be represented: left out",
            True,
        )
    return True


def _normalization_line(state: _AnnState, line: _AnnLine) -> bool:
    if len(line.head) != 3:
        return False
    found = WIKIDATA.match(line.head[2])
    if found:
        state.wikidata[line.head[1]] = (found.group(1), line.second)
    else:
        state.problem(
            line, f"{line.ident}: normalization {line.head[2]} is not a Wikidata id: left out", True
        )
    return True


def _note_line(state: _AnnState, line: _AnnLine) -> bool:
    if len(line.head) < 2:
        return False
    found = SPEAKER_NOTE.match(line.second)
    if found:
        state.speakers[line.head[1]] = {
            "name": found.group(1),
            "aliases": [],
            "description": "",
            "wikidata_id": "",
        }
    else:
        state.problem(
            line, f"{line.ident}: note on {line.head[1]} is not 'speaker: Name': left out", True
        )
    return True


def _equivalence_line(state: _AnnState, line: _AnnLine) -> bool:
    state.equivalent.append(line.head[1:])
    return True


# A .ann line's kind (its id's first character) → its reader, which answers False when the
# line does not have that kind's form.
_LINE_READERS = {
    "T": _span_line,
    "R": _relation_line,
    "E": _event_line,
    "A": _attribute_line,
    "M": _attribute_line,
    "N": _normalization_line,
    "#": _note_line,
    "*": _equivalence_line,
    # A line with an empty id has always been read as an attribute (kept as it was).
    "": _attribute_line,
}


def _read_ann(ann: str, text: str, parsed: Parsed, label_map: dict[str, str]) -> None:
    state = _AnnState(parsed, label_map)
    for number, raw in enumerate(ann.split("\n"), start=1):
        if not raw.strip():
            continue
        ident, _, rest = raw.partition("\t")
        fields = rest.split("\t")
        line = _AnnLine(number, ident, fields, fields[0].split())
        reader = _LINE_READERS.get(ident[:1])
        if reader is None or not reader(state, line):
            state.problem(
                line, f"cannot read {raw[:60]!r}: a line starts with T, R, E, A, M, N, # or *"
            )
    for target, (qid, name) in state.wikidata.items():
        speaker = state.speakers.setdefault(
            target, {"name": name, "aliases": [], "description": "", "wikidata_id": ""}
        )
        speaker["wikidata_id"] = qid
    named = {key: speaker for key, speaker in state.speakers.items() if speaker["name"]}
    annotation = build_annotation(
        text, state.spans, state.links, label_map, parsed, quote_types=state.types,
        quote_speakers=named,
    )  # fmt: skip
    _apply_speakers(annotation, named, state.equivalent, state.spans, label_map)
    parsed.record["annotations"] = [annotation]


def _apply_speakers(
    annotation: dict, named: dict, groups: list[list[str]], spans: list[dict], label_map: dict
) -> None:
    """A quote without a canonical speaker takes the one noted on its speaker mention (a note
    or normalization on the SPEAKER span), else the one of a speaker mention declared
    equivalent (`*`) to a named one."""
    by_position = {(m["start"], m["end"], m["label"]): m["id"] for m in annotation["mentions"]}
    key_of = {}
    for span in spans:
        mention_id = by_position.get(
            (span["start"], span["end"], map_label(span["label"], label_map))
        )
        if mention_id is not None:
            key_of[mention_id] = span["key"]
    for quote in annotation["quotes"]:
        key = key_of.get(quote["speaker_mention"])
        if quote["speaker"] is None and key in named:
            quote["speaker"] = dict(named[key])
    known = {}
    for quote in annotation["quotes"]:
        if quote["speaker"] and quote["speaker_mention"]:
            known[key_of.get(quote["speaker_mention"])] = quote["speaker"]
    for group in groups:
        speaker = next((known[key] for key in group if key in known), None)
        for quote in annotation["quotes"] if speaker else []:
            if quote["speaker"] is None and key_of.get(quote["speaker_mention"]) in group:
                quote["speaker"] = dict(speaker)
