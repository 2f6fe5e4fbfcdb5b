"""Builders for the team-workflow tests: submitted versions with quotes, through `editing`."""

from annotations import editing
from annotations.models import Status

TEXT = "Alice said: “Hello, world.” Bob added that it rained. Carol wrote: “Fine.”"
HELLO, RAINED, THAT_RAINED, FINE = (13, 26), (43, 52), (38, 52), (68, 73)
ALICE, BOB, CAROL = (0, 5), (28, 31), (54, 59)
SAID, ADDED, WROTE = (6, 10), (32, 37), (60, 65)


def version(article, user, quotes, *, status=Status.SUBMITTED):
    """A version of `user` with `quotes`: dicts of content, type, speaker, mention, cue."""
    annotation = editing.own_annotation(article, user)
    for spec in quotes:
        parts = {}
        for name, label in (("mention", "SPEAKER"), ("cue", "CUE")):
            if spec.get(name):
                start, end = spec[name]
                parts[name] = _mention(annotation, label, start, end)
        start, end = spec["content"]
        editing.add_quote(
            annotation,
            content=editing.add_mention(annotation, label="QUOTE", start=start, end=end),
            type=spec.get("type", "direct"),
            speaker=spec.get("speaker"),
            speaker_mention=parts.get("mention"),
            cue=parts.get("cue"),
        )
    if status != Status.IN_PROGRESS:
        editing.set_status(annotation, status)
    annotation.refresh_from_db()
    return annotation


def _mention(annotation, label, start, end):
    existing = annotation.mentions.filter(label=label, start=start, end=end).first()
    return existing or editing.add_mention(annotation, label=label, start=start, end=end)
