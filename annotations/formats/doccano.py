"""doccano's JSONL export for sequence labelling: `{"text": …, "label": [[start, end,
"LABEL"], …]}` (older exports say `labels`), or the relation-aware shape with `entities`
(`id`, `start_offset`, `end_offset`, `label`) and `relations` (`from_id`, `to_id`, `type`).
doccano counts offsets in code points, as we do. Labels go through the label map; a relation
of type `continues` joins two QUOTE entities as fragments of one quote."""

from collections.abc import Iterator
from typing import BinaryIO

from .records import Parsed, Problem, article_record, json_lines
from .spanlinks import CONTINUES, build_annotation

META_SKIP = {"text", "label", "labels", "entities", "relations", "id", "external_id", "title"}


def read_doccano(stream: BinaryIO, name: str, label_map: dict[str, str]) -> Iterator[Parsed]:
    for where, number, value, problem in json_lines(stream, name):
        if problem is not None:
            yield Parsed(where, None, [problem])
            continue
        if not isinstance(value, dict):
            yield Parsed(
                where, None, [Problem(where, "", "a doccano record must be a JSON object")]
            )
            continue
        yield _record(value, where, number, label_map)


def _record(value: dict, where: str, number: int, label_map: dict[str, str]) -> Parsed:
    errors: list[Problem] = []
    text = value.get("text")
    spans: list[dict] = []
    relations: list[tuple[object, object, str]] = []
    continuations: list[tuple[object, object, str]] = []
    if "entities" in value:
        for index, entity in enumerate(value.get("entities") or []):
            if not isinstance(entity, dict):
                errors.append(Problem(where, f"entities[{index}]", "must be an object"))
                continue
            spans.append(
                {
                    "key": entity.get("id", index),
                    "start": entity.get("start_offset"),
                    "end": entity.get("end_offset"),
                    "label": entity.get("label"),
                    "field": f"entities[{index}]",
                }
            )
        for index, relation in enumerate(value.get("relations") or []):
            if not isinstance(relation, dict):
                errors.append(Problem(where, f"relations[{index}]", "must be an object"))
                continue
            joins = relation.get("type") == CONTINUES
            (continuations if joins else relations).append(
                (relation.get("from_id"), relation.get("to_id"), f"relations[{index}]")
            )
    else:
        key = "label" if "label" in value else "labels"
        for index, triple in enumerate(value.get(key) or []):
            if not isinstance(triple, list) or len(triple) != 3:
                errors.append(Problem(where, f"{key}[{index}]", "must be [start, end, label]"))
                continue
            start, end, label = triple
            spans.append(
                {
                    "key": index,
                    "start": start,
                    "end": end,
                    "label": label,
                    "field": f"{key}[{index}]",
                }
            )
    meta = {k: v for k, v in value.items() if k not in META_SKIP}
    record = article_record(
        external_id=str(value.get("external_id") or value.get("id") or f"line-{number}"),
        title=str(
            value.get("title") or (text.split("\n", 1)[0].strip() if isinstance(text, str) else "")
        ),
        text=text,
        meta=meta,
    )
    parsed = Parsed(where, record, errors)
    if spans:
        annotation = build_annotation(
            text if isinstance(text, str) else "", spans, relations, label_map, parsed,
            continuations=continuations,
        )  # fmt: skip
        record["annotations"] = [annotation]
    return parsed
