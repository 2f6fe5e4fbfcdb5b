"""Quote marks and the quote type they imply: one rule for the workspace, every importer and
the suggester, so that the same span gets the same type however it was made. Pure: plain
strings in, plain strings out."""

# Opening mark → the closing marks accepted for it (German „…“ and „…” both occur).
QUOTE_PAIRS = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "‘": "’",
    "‚": "‘’",
    "「": "」",
    "『": "』",
    '"': '"',
    "‹": "›",
    "'": "'",
}
# Also an apostrophe: a quote mark around a span someone chose, but no sign of a quote by itself.
APOSTROPHES = "'"
OPENING_MARKS = "".join(QUOTE_PAIRS)
CLOSING_MARKS = "".join(dict.fromkeys("".join(QUOTE_PAIRS.values())))

# What may sit between a quote's words and its closing mark: “Hello, world,” and “No.” are
# direct whether or not the selection took the comma or the full stop.
_INNER_PUNCTUATION = " \t\n,.;:!?…"
_REACH = 4  # how far past the span's edges a mark may be


def quote_type_from_marks(text: str, start: int, end: int) -> str:
    """ "direct" when the span `text[start:end]` is enclosed in quote marks (its own first and
    last characters, or the marks just outside it, past white space and trailing
    punctuation), else "indirect"."""
    inner = text[start:end].strip(_INNER_PUNCTUATION)
    if len(inner) >= 2 and inner[0] in OPENING_MARKS and inner[-1] in CLOSING_MARKS:
        return "direct"
    before = text[max(0, start - _REACH) : start].rstrip(" \t\n")[-1:]
    after = text[end : end + _REACH].lstrip(_INNER_PUNCTUATION)[:1]
    if before and after and before in OPENING_MARKS and after in CLOSING_MARKS:
        return "direct"
    return "indirect"
