"""The quote suggester and the suggestions it stores.

`rules` is the suggester itself, a pure function over plain data (`suggest(text, speakers)`):
`marks` finds quote marks and sentences, `mentions` speaker mentions, `speakers` resolves
them to canonical speakers, `lexicon` holds the words, `spacy` helps where spaCy happens to be
installed. `evaluation` measures it against a reference; `stored` keeps its suggestions per
article and an annotator's decisions on them."""

from .rules import SUGGESTER_VERSION, KnownSpeaker, Suggestion, suggest

__all__ = ["SUGGESTER_VERSION", "KnownSpeaker", "Suggestion", "suggest"]
