"""Writing a whole annotation as the difference from what is stored.

A client that adds one mention to an annotation of 500 sends all 501; rewriting them all
would make every small change cost what the annotation's size costs. `write_difference`
reads the stored rows once (two narrow queries), matches each wanted mention to a stored one
by its label and span, and deletes, inserts and updates only the rows that differ: a kept
mention keeps its id, a kept quote its id and timestamps. A quote in several fragments is
stored as its first fragment (`content`) and its later fragments pointing to it
(`Mention.fragment_of`); those links are written last, only where they differ. The caller
(`editing`) has checked the wanted contents, holds the transaction and records the history
event.
"""

from django.db import connection

from .models import Mention, Quote, QuoteType
from .spans import fragment_keys

# A quote's stored values that a whole-annotation write may change, beside its content.
QUOTE_VALUES = ("type", "speaker_mention_id", "cue_id", "speaker_id", "origin")


def write_difference(annotation_id: int, text: str, mentions: list, quotes: list) -> dict:
    """Make the annotation's mentions and quotes `mentions` and `quotes` (the shape of
    `contents.snapshot`, quotes naming mentions by the ids the mentions are given there);
    returns how many rows each kind of write touched."""
    stored_mentions, stored_links, starts = {}, {}, {}
    for mention_id, label, start, end, fragment_of in Mention.objects.filter(
        annotation_id=annotation_id
    ).values_list("id", "label", "start", "end", "fragment_of_id"):
        stored_mentions[(label, start, end)] = mention_id
        starts[mention_id] = start
        if fragment_of is not None:
            stored_links[mention_id] = fragment_of
    stored_quotes = {
        row[1]: (row[0], row[2:])
        for row in Quote.objects.filter(annotation_id=annotation_id).values_list(
            "id", "content_id", *QUOTE_VALUES
        )
    }
    # Wanted mentions: kept (the stored id) or new (inserted below, ids from the database).
    ids: dict = {}  # the request's mention id → the stored id
    new: list[tuple] = []
    for index, mention in enumerate(mentions):
        key = (mention["label"], mention["start"], mention["end"])
        reference = mention.get("id", index + 1)
        if key in stored_mentions:
            ids[reference] = stored_mentions.pop(key)
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
            starts[mention.pk] = mention.start
    removed_mentions = list(stored_mentions.values())

    # Wanted quotes, by their content's stored id: kept, changed (updated in place) or new.
    changed, added = [], []
    quote_ids: dict[int, int] = {}  # a quote's content → its stored id
    later_of: dict[int, list[int]] = {}  # a quote's content → its later fragments
    for quote in quotes:
        fragments = sorted((ids[key] for key in fragment_keys(quote)), key=starts.__getitem__)
        content = fragments[0]
        later_of[content] = fragments[1:]
        values = (
            quote.get("type", QuoteType.DIRECT),
            ids.get(quote.get("speaker_mention")),
            ids.get(quote.get("cue")),
            quote.get("speaker") or None,
            quote.get("origin", ""),
        )
        stored = stored_quotes.pop(content, None)
        if stored is None:
            added.append((content, values))
        else:
            quote_ids[content] = stored[0]
            if stored[1] != values:
                changed.append((stored[0], values))
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
    return {
        "mentions_added": len(new),
        "mentions_removed": len(removed_mentions),
        "quotes_added": len(added),
        "quotes_changed": len(changed),
        "quotes_removed": len(removed_quotes),
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
