"""brat standoff in a .zip: per article `<external_id>.txt` (the text, UTF-8) and
`<external_id>.ann`; the gold version at the top of the zip, each annotator's version in a
folder named for the annotator.

In the .ann: `T<n>` text-bound lines for mentions (QUOTE, SPEAKER, CUE; offsets are code
points of the .txt read as UTF-8; a quote in fragments is one `T` line, `QUOTE 0 5;10 15`),
`said_by` and `cue_of` relations from the speaker or cue to the quote, a `Type` attribute on
the quote (direct, indirect, mixed), the canonical speaker as an AnnotatorNotes comment, and
a Wikidata normalization when the speaker has one.
"""

import pickle
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from .records import FileProblem, Parsed, Problem, article_record, decode_text, fragment_ids
from .standoff import ONE_LINE, read_ann
from .streams import DrainingSink
from .text import ZipLimits, archive_members


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


def brat_ann(annotation: dict) -> str:
    """One annotation (JSONL shape) as brat standoff lines; a quote in fragments is one T line
    with `;` between its fragments' offsets (and a space between their texts), as brat has it."""
    by_id = {mention["id"]: mention for mention in annotation["mentions"]}
    later = {}  # a later fragment's mention id → the first fragment's (its T line)
    for quote in annotation["quotes"]:
        first, *rest = fragment_ids(quote)
        later.update(dict.fromkeys(rest, first))
    pieces: dict = {}
    for quote in annotation["quotes"]:
        pieces[fragment_ids(quote)[0]] = [by_id[m] for m in fragment_ids(quote)]
    lines = []
    for mention in annotation["mentions"]:
        if mention["id"] in later:
            continue
        fragments = pieces.get(mention["id"], [mention])
        offsets = ";".join(f"{m['start']} {m['end']}" for m in fragments)
        text = " ".join(m["text"] for m in fragments).translate(ONE_LINE)
        lines.append(f"T{mention['id']}\t{mention['label']} {offsets}\t{text}")
    relation = note = 0
    for attribute, quote in enumerate(annotation["quotes"], start=1):
        target = f"T{fragment_ids(quote)[0]}"
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
# The .txt/.ann pairs of a zip or a folder; the .ann lines themselves are read by `standoff`.


def read_brat_zip(
    path: str, name: str, label_map: dict[str, str], limits: ZipLimits | None = None
) -> Iterator[Parsed]:
    """One Parsed per document of the zip (or folder): the .txt/.ann pair at the top (or in
    any folder when there are no top-level pairs) is the gold version; a pair in a folder
    beside top-level pairs is the version of the annotator the folder is named for, and one
    that matches no top-level pair is left out with a warning."""
    texts: dict[str, bytes] = {}
    anns: dict[str, bytes] = {}
    for member, data, warning in archive_members(path, name, (".txt", ".ann"), limits):
        if warning is not None:
            if not member.endswith((".conf", ".stats_cache")):
                yield Parsed(warning.where, None, [], [warning])
            continue
        (texts if member.endswith(".txt") else anns)[member[:-4]] = data
    for stem in sorted(set(anns) - set(texts)):
        where = f"{name}:{stem}.ann"
        yield Parsed(where, None, [Problem(where, "", "has no .txt beside it")])
    if not texts:
        raise FileProblem(name, f"{name} holds no .txt files")
    top = {stem for stem in texts if "/" not in stem}
    placed = set(top)
    for stem in sorted(top or texts):
        parsed = read_brat_document(
            PurePosixPath(stem).name, texts[stem], anns.get(stem), f"{name}:{stem}", label_map
        )
        if top and parsed.record is not None:
            for other in sorted(texts):
                folder, _, base = other.rpartition("/")
                if not folder or base != stem:
                    continue
                placed.add(other)
                if anns.get(other) is None:
                    parsed.warnings.append(
                        Problem(f"{name}:{other}.txt", "", "has no .ann beside it: left out")
                    )
                    continue
                version = read_brat_document(
                    stem, texts[other], anns[other], f"{name}:{other}", label_map
                )
                parsed.errors += version.errors
                parsed.warnings += version.warnings
                if version.record is not None and version.record["text"] != parsed.record["text"]:
                    parsed.errors.append(
                        Problem(f"{name}:{other}.txt", "text", "differs from the top-level .txt")
                    )
                elif version.record is not None:
                    for annotation in version.record["annotations"]:
                        annotation.update(annotator=folder, status="submitted")
                        parsed.record["annotations"].append(annotation)
        yield parsed
    for stem in sorted(set(texts) - placed) if top else []:
        where = f"{name}:{stem}.txt"
        message = (
            f"in folder {stem.rpartition('/')[0]!r} (an annotator's version), but there is no"
            f" {stem.rpartition('/')[2]}.txt at the top to be its article: left out"
        )
        kind = "versions in a folder with no article at the top left out"
        yield Parsed(where, None, [], [Problem(where, "", message, kind)])


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
    parsed.record["annotations"] = [read_ann(ann, text, parsed, label_map)]
    return parsed
