"""Offsets in code points (the app's) and in UTF-16 code units (a browser's, Label Studio's).

Pure Python, no Django, so that the file formats can use it without the models. The front
end's `static/js/offsets.js` follows the same rule.
"""


def utf16_to_code_point(text: str, utf16_offset: int) -> int:
    """The code-point offset of a UTF-16 offset into `text` (what a browser reports)."""
    units = 0
    for index, character in enumerate(text):
        if units >= utf16_offset:
            return index
        units += 2 if ord(character) > 0xFFFF else 1
    return len(text)


def code_point_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of a code-point offset into `text`."""
    return offset + sum(1 for character in text[:offset] if ord(character) > 0xFFFF)
