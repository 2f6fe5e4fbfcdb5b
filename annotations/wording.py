"""Errors as the annotator reads them in the workspace: no field names, labels as words.

The capabilities' errors name their field for API clients ("start: there already is a
SPEAKER mention at 143–149"); a person marking text needs "There already is a speaker
mention at 143–149." instead.
"""

import re

FIELD_PREFIX = re.compile(r"^[a-z_]+: ")
LABELS = {"QUOTE": "quote", "SPEAKER": "speaker", "CUE": "cue"}
LABEL_WORD = re.compile(r"\b(QUOTE|SPEAKER|CUE)\b")


def for_annotators(text: str) -> str:
    """`text` without a leading field name, label names as words, as one sentence."""
    text = FIELD_PREFIX.sub("", text.strip())
    text = LABEL_WORD.sub(lambda match: LABELS[match.group(1)], text)
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
