"""Undo and redo from the annotation's own history, so they survive a reload and a second tab.

The history (`AnnotationEvent`) is replayed into two stacks of steps. A step is one change
the annotator made, `(before, after)`: the versions around it. A change of several events
(a quote with its content mention) is one step: the workspace marks its last event with
`step_from`, the version before the first. Undo restores the contents of `before` ("undone"),
redo those of `after` ("redone"); both are new versions, and a new change empties the redo
stack, as in any editor. Undoing an accepted suggestion brings the suggestion back.
"""

from django.db.models import F, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.fields.json import JSONField

from . import editing
from .errors import FieldError
from .models import Annotation, AnnotationEvent, Quote, SuggestionDecision
from .suggesting import stored

UNDONE, REDONE = "undone", "redone"
# Events that leave the contents as they were: not steps of their own.
NOT_CONTENTS = {"status_changed", "time_spent"}

Step = tuple[int, int]


def mark_step(annotation: Annotation, before: int) -> None:
    """Make the changes since version `before` one step (one UPDATE of the last event)."""
    if annotation.version - before <= 1:
        return  # one event is one step already
    AnnotationEvent.objects.filter(annotation=annotation, version=annotation.version).update(
        detail=CombinedExpression(F("detail"), "||", Value({"step_from": before}, JSONField()))
    )


def stacks(annotation: Annotation) -> tuple[list[Step], list[Step]]:
    """The steps that can be undone and redone, most recent last."""
    undo: list[Step] = []
    redo: list[Step] = []
    events = (
        AnnotationEvent.objects.filter(annotation=annotation)
        .order_by("id")
        .values_list("action", "version", "detail")
    )
    for action, version, detail in events:
        if action == UNDONE:
            if undo:
                redo.append(undo.pop())
        elif action == REDONE:
            if redo:
                undo.append(redo.pop())
        elif action not in NOT_CONTENTS:
            before = (detail or {}).get("step_from", version - 1)
            while undo and undo[-1][1] > before:
                undo.pop()  # an earlier event of this same step
            undo.append((before, version))
            redo.clear()
    return undo, redo


def undo(annotation: Annotation, *, actor, expected_version: int) -> Annotation:
    """Go back one step: the contents before the latest change not undone yet."""
    steps, _ = stacks(annotation)
    if not steps:
        raise FieldError("", "There is nothing to undo.")
    before, _after = steps[-1]
    return _restore(annotation, before, UNDONE, actor, expected_version)


def redo(annotation: Annotation, *, actor, expected_version: int) -> Annotation:
    """Do again the step undone last."""
    _, steps = stacks(annotation)
    if not steps:
        raise FieldError("", "There is nothing to redo.")
    _before, after = steps[-1]
    return _restore(annotation, after, REDONE, actor, expected_version)


def _restore(annotation, version: int, action: str, actor, expected_version: int):
    event = (
        AnnotationEvent.objects.filter(annotation=annotation, version=version)
        .order_by("-id")
        .first()
    )
    contents = event.snapshot if event else {"mentions": [], "quotes": []}
    restored = editing.replace_contents(
        annotation, contents, actor=actor, expected_version=expected_version, action=action
    )
    _revive_suggestions(annotation)
    return restored


def _revive_suggestions(annotation: Annotation) -> None:
    """Accepted suggestions whose quote the undo took away are pending again."""
    accepted = list(
        annotation.suggestion_decisions.filter(decision=SuggestionDecision.Decision.ACCEPTED)
    )
    if not accepted:
        return
    quoted = set(
        Quote.objects.filter(annotation=annotation).values_list("content__start", "content__end")
    )
    contents = {s.key: tuple(s.content) for s in stored.suggestions_for(annotation.article)}
    gone = [d.pk for d in accepted if d.key in contents and contents[d.key] not in quoted]
    SuggestionDecision.objects.filter(pk__in=gone).delete()
