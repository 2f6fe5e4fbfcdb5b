"""Writing a whole annotation as the difference from what is stored.

A client that adds one mention to an annotation of 500 sends all 501; rewriting them all
would make every small change cost what the annotation's size costs. `read_stored` reads the
stored rows once (one query for mentions and quotes), `write_difference` matches each wanted
mention to a stored one by its label and span, and deletes, inserts and updates only the
rows that differ: a kept mention keeps its id, a kept quote its id and timestamps. A quote in
several fragments is stored as its first fragment (`content`) and its later fragments
pointing to it (`Mention.fragment_of`); those links are written last, only where they
differ. It returns the annotation's contents after the write, in `contents.snapshot`'s shape
and order, built from what it read and wrote (history keeps it, the API answers with it):
nothing is read back. The caller (`editing`) has checked the wanted contents, holds the
transaction and records the history event.
"""

from dataclasses import dataclass, field

from django.db import connection

from . import contents
from .models import Mention, Quote, QuoteType
from .spans import fragment_keys

# A quote's stored values that a whole-annotation write may change, beside its content.
QUOTE_VALUES = ("type", "speaker_mention_id", "cue_id", "speaker_id", "origin")


@dataclass
class Stored:
    """An annotation's rows as stored: mentions by id (label, start, end, text, fragment_of)
    and quotes by id (content_id, then QUOTE_VALUES)."""

    mentions: dict[int, tuple] = field(default_factory=dict)
    quotes: dict[int, tuple] = field(default_factory=dict)

    def snapshot(self) -> dict:
        """The stored contents in `contents.snapshot`'s shape and order."""
        mentions = {
            mention_id: _mention_dict(mention_id, row) for mention_id, row in self.mentions.items()
        }
        later: dict[int, list[int]] = {}
        for mention_id, row in self.mentions.items():
            if row[4] is not None:
                later.setdefault(row[4], []).append(mention_id)
        quotes = []
        for quote_id, (content_id, *values) in self.quotes.items():
            fragments = sorted(later.get(quote_id, ()), key=lambda m: _place(mentions[m]))
            quote = dict(zip(QUOTE_VALUES, values, strict=True))
            quotes.append(
                _quote_dict(quote_id, contents.content_value(content_id, fragments), quote)
            )
        return _ordered(mentions, quotes)


# Mentions and quotes in one round trip: the two row shapes share one column list.
_READ_SQL = f"""
SELECT 'm', id, label, start, "end", text, fragment_of_id, NULL, NULL, NULL
    FROM {Mention._meta.db_table} WHERE annotation_id = %(annotation)s
UNION ALL
SELECT 'q', id, type, NULL, NULL, origin, content_id, speaker_mention_id, cue_id, speaker_id
    FROM {Quote._meta.db_table} WHERE annotation_id = %(annotation)s
"""


def read_stored(annotation_id: int) -> Stored:
    """The annotation's mentions and quotes as stored, in one query."""
    stored = Stored()
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL, {"annotation": annotation_id})
        for (
            kind,
            row_id,
            label,
            start,
            end,
            text,
            link,
            speaker_mention,
            cue,
            speaker,
        ) in cursor.fetchall():
            if kind == "m":
                stored.mentions[row_id] = (label, start, end, text, link)
            else:
                stored.quotes[row_id] = (link, label, speaker_mention, cue, speaker, text)
    return stored


def write_difference(
    annotation_id: int, text: str, mentions: list, quotes: list, stored: Stored
) -> dict:
    """Make the annotation's mentions and quotes `mentions` and `quotes` (the shape of
    `contents.snapshot`, quotes naming mentions by the ids the mentions are given there),
    from `stored`, the rows `read_stored` read in this transaction; returns the contents
    after the write, as `contents.snapshot` would read them."""
    stored_mentions, stored_links = {}, {}
    for mention_id, (label, start, end, _text, fragment_of) in stored.mentions.items():
        stored_mentions[(label, start, end)] = mention_id
        if fragment_of is not None:
            stored_links[mention_id] = fragment_of
    stored_quotes = {row[0]: (quote_id, tuple(row[1:])) for quote_id, row in stored.quotes.items()}
    # Wanted mentions: kept (the stored id) or new (inserted below, ids from the database).
    ids: dict = {}  # the request's mention id → the stored id
    final: dict[int, dict] = {}  # the stored id → the mention as `contents.snapshot` has it
    new: list[tuple] = []
    for index, mention in enumerate(mentions):
        key = (mention["label"], mention["start"], mention["end"])
        reference = mention.get("id", index + 1)
        if key in stored_mentions:
            mention_id = ids[reference] = stored_mentions.pop(key)
            final[mention_id] = _mention_dict(mention_id, stored.mentions[mention_id])
        else:
            new.append((reference, key))
    if new:
        created = Mention.objects.bulk_create(
            Mention(annotation_id=annotation_id, label=label, start=start, end=end,
                    text=text[start:end])
            for _, (label, start, end) in new
        )  # fmt: skip
        for (reference, _), mention in zip(new, created, strict=True):
            ids[reference] = mention.pk
            final[mention.pk] = contents.mention_dict(mention)
    removed_mentions = list(stored_mentions.values())

    # Wanted quotes, by their content's stored id: kept, changed (updated in place) or new.
    changed, added = [], []
    quote_ids: dict[int, int] = {}  # a quote's content → its stored id
    later_of: dict[int, list[int]] = {}  # a quote's content → its later fragments
    wanted: list[tuple] = []  # (content, values) of every quote, for the snapshot
    for quote in quotes:
        fragments = sorted((ids[key] for key in fragment_keys(quote)), key=_places(final))
        content = fragments[0]
        later_of[content] = fragments[1:]
        values = (
            quote.get("type", QuoteType.DIRECT),
            ids.get(quote.get("speaker_mention")),
            ids.get(quote.get("cue")),
            quote.get("speaker") or None,
            quote.get("origin", ""),
        )
        wanted.append((content, values))
        found = stored_quotes.pop(content, None)
        if found is None:
            added.append((content, values))
        else:
            quote_ids[content] = found[0]
            if found[1] != values:
                changed.append((found[0], values))
    removed_quotes = [quote_id for quote_id, _ in stored_quotes.values()]

    with connection.cursor() as cursor:
        if removed_quotes:
            cursor.execute(
                f"DELETE FROM {Quote._meta.db_table} WHERE id = ANY(%s)", [removed_quotes]
            )
        if changed:
            assignments = ", ".join(f'"{column}" = %s' for column in QUOTE_VALUES)
            cursor.executemany(
                f"UPDATE {Quote._meta.db_table} SET {assignments}, updated_at = now()"
                " WHERE id = %s",
                [(*values, quote_id) for quote_id, values in changed],
            )
        if removed_mentions:
            # Quotes that pointed at them are removed or rewritten above (the foreign keys
            # are checked at the commit), so no cascade is needed.
            cursor.execute(
                f"DELETE FROM {Mention._meta.db_table} WHERE id = ANY(%s)", [removed_mentions]
            )
    if added:
        made = Quote.objects.bulk_create(
            Quote(annotation_id=annotation_id, content_id=content,
                  **dict(zip(QUOTE_VALUES, values, strict=True)))
            for content, values in added
        )  # fmt: skip
        for (content, _), quote in zip(added, made, strict=True):
            quote_ids[content] = quote.pk
    _link_fragments(later_of, quote_ids, stored_links, set(removed_mentions))
    after = [
        _quote_dict(
            quote_ids[content],
            contents.content_value(content, later_of[content]),
            dict(zip(QUOTE_VALUES, values, strict=True)),
        )
        for content, values in wanted
    ]
    return _ordered(final, after)


def _mention_dict(mention_id: int, row: tuple) -> dict:
    """A stored mention's row (label, start, end, text, …) as `contents.snapshot` has it."""
    return dict(zip(contents.MENTION_FIELDS, (mention_id, *row[:4]), strict=True))


def _quote_dict(quote_id: int, content, values: dict) -> dict:
    """A quote as `contents.snapshot` has it, from its id, content and QUOTE_VALUES."""
    columns = {"id": quote_id, "content": content, **values}
    return {
        name: columns[column]
        for name, column in zip(contents.QUOTE_FIELDS, _QUOTE_SOURCES, strict=True)
    }


# Where each of `contents.QUOTE_FIELDS` comes from in `_quote_dict`'s columns.
_QUOTE_SOURCES = tuple(
    name if name in ("id", "content") else column
    for name, column in zip(contents.QUOTE_FIELDS, contents.QUOTE_COLUMNS, strict=True)
)


def _place(mention: dict) -> tuple:
    return mention["start"], mention["end"], mention["id"]


def _places(mentions: dict[int, dict]):
    """A sort key for mention ids: their place in the text."""
    return lambda mention_id: _place(mentions[mention_id])


def _ordered(mentions: dict[int, dict], quotes: list[dict]) -> dict:
    """Contents in `contents.snapshot`'s order: mentions by (start, end, id), quotes by
    their content's start, then id."""
    return {
        "mentions": sorted(mentions.values(), key=_place),
        "quotes": sorted(
            quotes,
            key=lambda q: (mentions[fragment_keys(q)[0]]["start"], q["id"]),
        ),
    }


def _link_fragments(later_of: dict, quote_ids: dict, stored_links: dict, removed: set) -> None:
    """Point every later fragment to its quote, and no other mention to any, writing only
    the links that differ from the stored ones."""
    wanted = {
        mention_id: quote_ids[content]
        for content, later in later_of.items()
        for mention_id in later
    }
    updates = [
        (quote_id, mention_id)
        for mention_id, quote_id in wanted.items()
        if stored_links.get(mention_id) != quote_id
    ]
    updates += [
        (None, mention_id)
        for mention_id in stored_links
        if mention_id not in wanted and mention_id not in removed
    ]
    if updates:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Mention._meta.db_table} SET fragment_of_id = %s WHERE id = %s", updates
            )
