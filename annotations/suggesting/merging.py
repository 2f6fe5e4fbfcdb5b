"""Accept all, when the annotator already marked some suggested quotes by hand: the
suggestion's speaker mention, cue and speaker go into the identical hand-made quote where it
has none (nothing of the annotator's is replaced), and the suggestion counts as accepted."""

from django.db import transaction

from .. import editing
from ..models import Annotation, Label, Mention, Quote, SuggestionDecision
from . import stored

Decision = SuggestionDecision.Decision


def merge_into_identical(annotation: Annotation, *, actor, expected_version: int | None) -> int:
    """Merge every undecided suggestion whose content is already a quote; how many merged."""
    decided = set(annotation.suggestion_decisions.values_list("key", flat=True))
    quotes = {
        (q.content.start, q.content.end): q
        for q in Quote.objects.filter(annotation=annotation).select_related("content")
    }
    merged = 0
    with transaction.atomic():
        for suggestion in stored.suggestions_for(annotation.article):
            quote = quotes.get(tuple(suggestion.content))
            if suggestion.key in decided or quote is None:
                continue
            changes = {}
            if quote.speaker_mention_id is None and suggestion.speaker_mention:
                changes["speaker_mention"] = _mention(
                    annotation, Label.SPEAKER, suggestion.speaker_mention, actor, expected_version
                )
                expected_version = _next(annotation, expected_version)
            if quote.cue_id is None and suggestion.cue:
                changes["cue"] = _mention(
                    annotation, Label.CUE, suggestion.cue, actor, expected_version
                )
                expected_version = _next(annotation, expected_version)
            extra = {}
            if quote.speaker_id is None and suggestion.speaker:
                extra["new_speaker_name"] = suggestion.speaker
            if changes or extra:
                editing.update_quote(
                    annotation,
                    quote,
                    actor=actor,
                    expected_version=expected_version,
                    **changes,
                    **extra,
                )
                expected_version = _next(annotation, expected_version)
            SuggestionDecision.objects.create(
                annotation=annotation,
                key=suggestion.key,
                kind=suggestion.kind,
                decision=Decision.ACCEPTED,
            )
            decided.add(suggestion.key)
            merged += 1
    return merged


def _mention(annotation, label, span, actor, expected_version) -> Mention:
    existing = Mention.objects.filter(
        annotation=annotation, label=label, start=span[0], end=span[1]
    ).first()
    if existing:
        return existing
    return editing.add_mention(
        annotation,
        label=label,
        start=span[0],
        end=span[1],
        actor=actor,
        expected_version=expected_version,
    )


def _next(annotation, expected_version):
    return None if expected_version is None else annotation.version
