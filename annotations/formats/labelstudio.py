"""Label Studio's JSON exports of a text-labelling project: the full export (tasks with
`data` and `annotations[].result`, relations included) and JSON-MIN (one flat object a task,
the regions under the labels' name, no relations).

Label Studio counts offsets in the browser's UTF-16 units: a region whose text does not
match at code-point offsets but does at converted ones is converted (`spans`).
"""

from collections.abc import Iterator
from typing import BinaryIO

from ..codepoints import code_point_to_utf16, utf16_to_code_point
from .jsonl import iter_json_array
from .records import Parsed, Problem, article_record
from .spanlinks import build_annotation

ARTICLE_FIELDS = ("external_id", "title", "source", "url", "author", "published", "language")
MIN_EXPORT_SKIP = {"id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time"}
REGION_TYPES = {"labels", "hypertextlabels"}


def read_labelstudio(stream: BinaryIO, name: str, label_map: dict[str, str]) -> Iterator[Parsed]:
    for number, task in iter_json_array(stream, name):
        where = f"{name} record {number}"
        if not isinstance(task, dict):
            yield Parsed(
                where, None, [Problem(where, "", "a Label Studio task must be a JSON object")]
            )
        elif isinstance(task.get("data"), dict):
            yield _full_task(task, where, label_map)
        else:
            yield _min_task(task, where, label_map)


def looks_like_labelstudio(first: object) -> bool:
    """A full export's task has `data` and `annotations`; a JSON-MIN one a list of regions."""
    if not isinstance(first, dict):
        return False
    if isinstance(first.get("data"), dict) and ("annotations" in first or "predictions" in first):
        return True
    return any(_is_region_list(value) for value in first.values()) and "annotation_id" in first


def _full_task(task: dict, where: str, label_map: dict[str, str]) -> Parsed:
    data = task["data"]
    text_key = (
        "text"
        if "text" in data
        else next((k for k, v in data.items() if isinstance(v, str)), "text")
    )
    text = data.get(text_key)
    parsed = Parsed(where, _article(data, text_key, task.get("id")))
    kept = [
        a
        for a in task.get("annotations") or []
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    kept.sort(key=lambda a: not a.get("ground_truth"))
    has_gold = False
    for index, annotation in enumerate(kept):
        who = annotation.get("completed_by")
        # Our own export names the annotator (a username or pseudonym) and leaves gold
        # unnamed; Label Studio's gives a numeric user id: its ground truth (or first) version
        # becomes gold, the others cannot be matched to a member.
        if who is None or (not isinstance(who, str) and not has_gold):
            annotator, status = None, "gold"
        elif isinstance(who, str):
            annotator, status = who, "submitted"
        else:
            parsed.warnings.append(
                Problem(
                    where,
                    f"annotations[{index}]",
                    f"annotator {who} is not a member of the project: their version was not imported",  # noqa: E501
                )
            )
            continue
        if annotator is None:
            if has_gold:
                parsed.errors.append(
                    Problem(where, f"annotations[{index}]", "a second gold version")
                )
                continue
            has_gold = True
        regions, links = [], []
        for number, result in enumerate(annotation.get("result") or []):
            field = f"annotations[{index}].result[{number}]"
            kind = result.get("type") if isinstance(result, dict) else None
            if kind in REGION_TYPES:
                regions.append(
                    (result.get("id", number), result.get("value") or {}, field, result.get("meta"))
                )
            elif kind == "relation":
                links.append((result.get("from_id"), result.get("to_id"), field))
            else:
                parsed.warnings.append(
                    Problem(
                        where, field, f"a {kind!r} result has no place in an annotation: left out"
                    )
                )
        version = _annotation(
            text,
            regions,
            links,
            label_map,
            parsed,
            annotation.get("created_at"),
            annotation.get("updated_at"),
        )
        version.update(annotator=annotator, status=status)
        parsed.record["annotations"].append(version)
    if isinstance(task.get("meta"), dict) and task["meta"]:
        parsed.record["meta"] = {**task["meta"], **parsed.record["meta"]}
    return parsed


def _min_task(task: dict, where: str, label_map: dict[str, str]) -> Parsed:
    region_keys = [k for k, v in task.items() if _is_region_list(v)]
    data = {k: v for k, v in task.items() if k not in region_keys and k not in MIN_EXPORT_SKIP}
    text_key = (
        "text"
        if "text" in data
        else next((k for k, v in data.items() if isinstance(v, str)), "text")
    )
    parsed = Parsed(where, _article(data, text_key, task.get("id")))
    regions = [
        (f"{key}{number}", value, f"{key}[{number}]")
        for key in region_keys
        for number, value in enumerate(task[key])
    ]
    if regions:
        parsed.record["annotations"].append(
            _annotation(
                data.get(text_key),
                regions,
                [],
                label_map,
                parsed,
                task.get("created_at"),
                task.get("updated_at"),
            )
        )
    return parsed


def _article(data: dict, text_key: str, task_id: object) -> dict:
    text = data.get(text_key)
    fields = {k: data[k] for k in ARTICLE_FIELDS if k in data}
    fields.setdefault("external_id", f"ls-{task_id}" if task_id is not None else "")
    if "title" not in fields and isinstance(text, str):
        fields["title"] = text.split("\n", 1)[0].strip()
    meta = {k: v for k, v in data.items() if k not in ARTICLE_FIELDS and k != text_key}
    return article_record(
        **{k: (str(v) if k == "external_id" else v) for k, v in fields.items()},
        text=text,
        meta=meta,
    )


def _annotation(text, regions, links, label_map, parsed, created_at, updated_at) -> dict:
    text = text if isinstance(text, str) else ""
    spans, types, speakers = [], {}, {}
    for key, value, field, *meta in regions:
        labels = value.get("labels") or value.get("hypertextlabels") or [None]
        if len(labels) > 1:
            parsed.warnings.append(
                Problem(
                    parsed.where, field, f"several labels {labels}: only {labels[0]!r} was kept"
                )
            )
        start, end = _code_points(text, value.get("start"), value.get("end"), value.get("text"))
        spans.append(
            {
                "key": key,
                "start": start,
                "end": end,
                "label": labels[0],
                "text": value.get("text"),
                "field": field,
            }
        )
        notes = (meta[0] or {}).get("text") if meta and isinstance(meta[0], dict) else None
        for note in [notes] if isinstance(notes, str) else notes or []:
            name, _, note_value = str(note).partition(":")
            if name.strip() == "type" and note_value.strip() in ("direct", "indirect", "mixed"):
                types[key] = note_value.strip()
            elif name.strip() == "speaker" and note_value.strip():
                speakers[key] = {
                    "name": note_value.strip(),
                    "aliases": [],
                    "description": "",
                    "wikidata_id": "",
                }
    return build_annotation(
        text, spans, links, label_map, parsed, quote_types=types, quote_speakers=speakers,
        created_at=created_at, updated_at=updated_at,
    )  # fmt: skip


def _code_points(text: str, start, end, region_text) -> tuple:
    """Offsets as code points: as given if they match the region's text, else converted from
    UTF-16 units when that makes them match."""
    if not isinstance(start, int) or not isinstance(end, int) or region_text is None:
        return start, end
    if text[start:end] == region_text:
        return start, end
    converted = (
        utf16_to_code_point(text, start),
        utf16_to_code_point(text, end),
    )
    if text[converted[0] : converted[1]] == region_text:
        return converted
    return start, end


def _is_region_list(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "start" in item and "end" in item for item in value)
    )


# --- writing ------------------------------------------------------------------------------

LS_ARTICLE_DATA = ("external_id", "title", "source", "url", "author", "published", "language")


def labelstudio_task(record: dict) -> dict:
    """A newsquotes article record as a Label Studio task: `data.text`, one annotation a
    version, labels QUOTE/SPEAKER/CUE and relations said_by/cue_of from the speaker or cue to
    the quote, as Label Studio's own exports have them. The quote type and canonical speaker
    go in the quote region's `meta.text`, Label Studio's place for notes on a region.
    Offsets are Label Studio's UTF-16 units, so that spans after an emoji sit right there."""
    text = record["text"]
    # Only a character outside the Basic Multilingual Plane makes the two counts differ.
    if max(text, default="") > "\uffff":
        utf16 = lambda offset: code_point_to_utf16(text, offset)  # noqa: E731
    else:
        utf16 = int
    annotations = []
    for annotation in record.get("annotations") or []:
        notes = {}
        for quote in annotation["quotes"]:
            lines = [f"type: {quote['type']}"]
            if quote["speaker"]:
                lines.append(f"speaker: {quote['speaker']['name']}")
            notes[quote["content"]] = lines
        result: list[dict] = []
        for mention in annotation["mentions"]:
            region = {
                "id": f"m{mention['id']}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": utf16(mention["start"]),
                    "end": utf16(mention["end"]),
                    "text": mention["text"],
                    "labels": [mention["label"]],
                },
            }
            if mention["id"] in notes:
                region["meta"] = {"text": notes[mention["id"]]}
            result.append(region)
        for quote in annotation["quotes"]:
            for part, relation in (("speaker_mention", "said_by"), ("cue", "cue_of")):
                if quote[part] is not None:
                    result.append(
                        {
                            "from_id": f"m{quote[part]}",
                            "to_id": f"m{quote['content']}",
                            "type": "relation",
                            "direction": "right",
                            "labels": [relation],
                        }
                    )
        annotations.append(
            {
                "completed_by": annotation["annotator"],
                "ground_truth": annotation["annotator"] is None,
                "was_cancelled": False,
                "created_at": annotation["created_at"],
                "updated_at": annotation["updated_at"],
                "result": result,
            }
        )
    data = {"text": record["text"], **{key: record[key] for key in LS_ARTICLE_DATA}}
    return {"data": data, "annotations": annotations, "predictions": [], "meta": record["meta"]}
