"""brat standoff in a .zip: per article `<external_id>.txt` (the text, UTF-8) and
`<external_id>.ann`; the gold version at the top of the zip, each annotator's version in a
folder named for the annotator.

In the .ann: `T<n>` text-bound lines for mentions (QUOTE, SPEAKER, CUE; offsets are code
points of the .txt read as UTF-8), `said_by` and `cue_of` relations from the speaker or cue
to the quote, a `Type` attribute on the quote (direct, indirect, mixed), the canonical
speaker as an AnnotatorNotes comment, and a Wikidata normalization when the speaker has one.
"""

import re
import zipfile
from collections.abc import Iterable, Iterator

from .parquet import DrainingSink


def write_brat_zip(records: Iterable[dict]) -> Iterator[bytes]:
    """A zip of .txt/.ann pairs, yielded as it is written (the zip is never whole in memory)."""
    sink = DrainingSink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for record in records:
            name = brat_file_stem(record["external_id"])
            for annotation in record.get("annotations") or []:
                folder = "" if annotation["annotator"] is None else f"{annotation['annotator']}/"
                archive.writestr(f"{folder}{name}.txt", record["text"].encode("utf-8"))
                archive.writestr(f"{folder}{name}.ann", brat_ann(annotation).encode("utf-8"))
            yield sink.drain()
    yield sink.drain()


def brat_file_stem(external_id: str) -> str:
    """The external id as a file name: characters a path cannot hold become `_`."""
    stem = re.sub(r"[^\w.\-]", "_", external_id)
    return "_" + stem if stem.startswith(".") else stem


def brat_ann(annotation: dict) -> str:
    """One annotation (JSONL shape) as brat standoff lines."""
    lines = []
    for mention in annotation["mentions"]:
        text = re.sub(r"[\r\n\t]", " ", mention["text"])
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
