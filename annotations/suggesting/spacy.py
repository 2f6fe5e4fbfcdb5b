"""Optional help from spaCy: where spaCy and an English pipeline happen to be installed, the
suggester takes sentence bounds and person names from them; without them it uses its rules.
spaCy is never required (it is not a dependency of newsquotes)."""

from dataclasses import dataclass
from functools import cache

PIPELINES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")


@dataclass(frozen=True)
class Analysis:
    """What spaCy saw in a text; offsets are Python string indices, that is code points."""

    sentences: list[tuple[int, int]]
    persons: list[tuple[int, int]]


@cache
def pipeline():
    """The first English pipeline that loads, or None (spaCy or its models not installed)."""
    try:
        import spacy
    except ImportError:
        return None
    for name in PIPELINES:
        try:
            return spacy.load(name, exclude=["lemmatizer", "textcat"])
        except (OSError, ValueError):
            continue
    return None


def analyse(text: str) -> Analysis | None:
    """Sentences and PERSON entities of `text`, or None without spaCy."""
    nlp = pipeline()
    if nlp is None:
        return None
    document = nlp(text)
    return Analysis(
        sentences=[(s.start_char, s.end_char) for s in document.sents],
        persons=[(e.start_char, e.end_char) for e in document.ents if e.label_ == "PERSON"],
    )
